package dev.gameday.fault;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.RuntimeOperation;
import dev.gameday.json.Durations;
import dev.gameday.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a step does to its targets, as written in an experiment ({@code fault: kill}). Immutable;
 * {@link #plan} turns it into concrete {@link Effect}s on containers, which inject and revert.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "fault")
@JsonSubTypes({
    @JsonSubTypes.Type(KillFault.class),
    @JsonSubTypes.Type(StopFault.class),
    @JsonSubTypes.Type(RestartFault.class),
    @JsonSubTypes.Type(PauseFault.class),
    @JsonSubTypes.Type(IsolateFault.class),
    @JsonSubTypes.Type(PartitionFault.class),
    @JsonSubTypes.Type(BlockPortsFault.class),
    @JsonSubTypes.Type(CpuThrottleFault.class),
    @JsonSubTypes.Type(BandwidthFault.class),
    @JsonSubTypes.Type(LatencyFault.class),
    @JsonSubTypes.Type(LossFault.class),
    @JsonSubTypes.Type(RollingRestartFault.class)
})
public sealed interface FaultSpec permits KillFault, StopFault, RestartFault, PauseFault, IsolateFault,
        PartitionFault, BlockPortsFault, CpuThrottleFault, BandwidthFault, LatencyFault, LossFault,
        RollingRestartFault {

    /** Every fault type, by the name experiments use. */
    static List<String> types() {
        return List.of(FaultSpec.class.getAnnotation(JsonSubTypes.class).value()).stream()
                .map(t -> t.value().getAnnotation(JsonTypeName.class).value())
                .toList();
    }

    /** The name experiments use: "kill". */
    default String type() {
        return getClass().getAnnotation(JsonTypeName.class).value();
    }

    /**
     * True when the fault stays until it is reverted (a pause), so a step needs a duration; false
     * when it is over once injected (a restart).
     */
    default boolean lasting() {
        return true;
    }

    /** Whether the step names its targets with {@code target}; a partition by groups does not. */
    default boolean needsTarget() {
        return true;
    }

    /** Whether it needs the netem qdisc, which some kernels lack. */
    default boolean needsNetem() {
        return false;
    }

    /** How long injecting may take before the watchdog considers the step stuck. */
    default Duration injectionBudget(int targets) {
        return Duration.ofSeconds(30);
    }

    /** What the fault asks of the container runtime on each target. */
    RuntimeOperation operation();

    /**
     * Why {@code runtime} cannot inject this fault, as a problem of the step's fault field; empty when
     * it can (Docker can inject every fault).
     */
    default Optional<String> unsupportedBy(ContainerRuntime runtime) {
        return runtime.unsupported(operation()).map(why -> "fault: " + type() + " needs the container runtime ("
                + runtime.endpoint() + ") to " + operation().description() + ", but " + why);
    }

    /** What the fault holds on each target while active; two exclusive holds on one container conflict. */
    Hold hold();

    /** What is wrong with the spec's own fields, each problem naming its field; empty when valid. */
    List<String> problems();

    /**
     * What is wrong with this fault as a step, apart from any environment: its own fields, whether
     * it has a target, its duration. Each problem names its field; empty when valid.
     */
    default List<String> stepProblems(boolean hasTarget, Duration duration, Duration maxDuration) {
        List<String> problems = new ArrayList<>(problems());
        if (needsTarget() && !hasTarget) {
            problems.add("target: fault " + type() + " needs a target");
        }
        if (!needsTarget() && hasTarget) {
            problems.add("target: fault " + type() + " names its own containers; remove target");
        }
        if (lasting() && (duration == null || duration.isZero() || duration.isNegative())) {
            problems.add("duration: fault " + type() + " stays until reverted; say for how long, e.g. 30s");
        }
        if (duration != null && duration.compareTo(maxDuration) > 0) {
            problems.add("duration: " + Durations.format(duration) + " is longer than gameday.safety.max-fault-duration ("
                    + Durations.format(maxDuration) + ")");
        }
        return problems;
    }

    /** The concrete effects on containers, computed from the targets and the cluster right now. */
    List<Effect> plan(List<Target> targets, Topology topology);
}
