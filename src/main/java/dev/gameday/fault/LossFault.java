package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.target.Target;
import java.util.List;

/** Drops {@code percent} of the packets each target sends, at random, with tc netem. */
@JsonTypeName("loss")
public record LossFault(Double percent) implements FaultSpec {

    @Override
    public boolean needsNetem() {
        return true;
    }

    @Override
    public RuntimeOperation operation() {
        return RuntimeOperation.NETWORK;
    }

    @Override
    public Hold hold() {
        return Hold.TRAFFIC_SHAPING;
    }

    @Override
    public List<String> problems() {
        return percent == null || percent <= 0 || percent > 100
                ? List.of("percent: give the share of packets to drop, more than 0 and at most 100") : List.of();
    }

    @Override
    public List<Effect> plan(List<Target> targets, Topology topology) {
        String qdisc = "netem loss " + percent + "%";
        return targets.stream().<Effect>map(t -> new Effect.TrafficShaping(t.containerId(), t.containerName(), qdisc))
                .toList();
    }
}
