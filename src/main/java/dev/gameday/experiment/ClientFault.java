package dev.gameday.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * A fault a run applies to its own probes, not to a container ({@code fault: consumer-crash}): it
 * needs no target, goes through no Docker call and no fault journal, and leaves nothing to revert
 * after a crash of the service (the probes die with it). The run's steps apply it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fault")
@JsonSubTypes({@JsonSubTypes.Type(ConsumerCrash.class)})
public sealed interface ClientFault permits ConsumerCrash {

    /** Every client-side fault type, by the name experiments use. */
    static List<String> types() {
        return List.of(ClientFault.class.getAnnotation(JsonSubTypes.class).value()).stream()
                .map(t -> t.value().getAnnotation(JsonTypeName.class).value())
                .toList();
    }

    /** The name experiments use: "consumer-crash". */
    default String type() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /** What it acts on, in words, for the step's report and the dry run. */
    String describe();

    /** What is wrong with it in this experiment, each problem naming its field; empty when valid. */
    List<String> problems(Experiment experiment);
}
