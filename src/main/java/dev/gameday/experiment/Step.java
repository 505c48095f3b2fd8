package dev.gameday.experiment;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.gameday.fault.FaultSpec;
import dev.gameday.target.TargetSelector;
import java.time.Duration;

/**
 * One fault of an experiment, written flat:
 * <pre>
 * - fault: kill            # the fault type, then its own fields
 *   signal: SIGKILL
 *   target: { role: partition-leader, topic: gameday-probe, partition: 0 }
 *   at: 10s                # after the warm-up
 *   duration: 30s          # then it is reverted
 *   awaitHealthy: true     # optional: first wait for a healthy cluster
 * </pre>
 *
 * @param target   null for a fault that names its own containers (a partition by groups)
 * @param duration     zero for a fault that is over once injected (a restart)
 * @param awaitHealthy when the step is due, wait until the cluster is healthy (as before a run) and
 *                     only then inject it; the wait moves this step and every later event back
 */
@JsonDeserialize(using = StepJson.Reader.class)
@JsonSerialize(using = StepJson.Writer.class)
public record Step(FaultSpec fault, TargetSelector target, Duration at, Duration duration, boolean awaitHealthy) {

    public Step {
        at = at == null ? Duration.ZERO : at;
        duration = duration == null ? Duration.ZERO : duration;
    }

    public Step(FaultSpec fault, TargetSelector target, Duration at, Duration duration) {
        this(fault, target, at, duration, false);
    }

    /** When the fault is reverted, counted like {@link #at}. */
    public Duration end() {
        return at.plus(duration);
    }
}
