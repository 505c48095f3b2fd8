package dev.gameday.experiment;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.gameday.fault.FaultSpec;
import dev.gameday.probe.ProbeSettings;
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
 * A step holds either a fault on containers ({@code fault}), or one on the run's own probes
 * ({@code client}, e.g. consumer-crash), which has no target.
 *
 * @param fault        the fault on containers; null for a client-side step
 * @param client       the fault on the run's probes; null for a fault on containers
 * @param target       null for a fault that names its own containers (a partition by groups), and for a
 *                     client-side one
 * @param duration     zero for a fault that is over once injected (a restart)
 * @param awaitHealthy when the step is due, wait until the cluster is healthy (as before a run) and
 *                     only then inject it; the wait moves this step and every later event back
 */
@JsonDeserialize(using = StepJson.Reader.class)
@JsonSerialize(using = StepJson.Writer.class)
public record Step(FaultSpec fault, ClientFault client, TargetSelector target, Duration at, Duration duration,
                   boolean awaitHealthy) {

    public Step {
        if ((fault == null) == (client == null)) {
            throw new IllegalArgumentException("a step holds a fault on containers or one on the probes, not "
                    + (fault == null ? "neither" : "both"));
        }
        at = at == null ? Duration.ZERO : at;
        duration = duration == null ? Duration.ZERO : duration;
    }

    public Step(FaultSpec fault, TargetSelector target, Duration at, Duration duration, boolean awaitHealthy) {
        this(fault, null, target, at, duration, awaitHealthy);
    }

    public Step(FaultSpec fault, TargetSelector target, Duration at, Duration duration) {
        this(fault, null, target, at, duration, false);
    }

    /** A step that acts on the run's probes. */
    public static Step onProbes(ClientFault client, Duration at, Duration duration, boolean awaitHealthy) {
        return new Step(null, client, null, at, duration, awaitHealthy);
    }

    /** The step with its coordinator target, if it names no group or transactional id, on the probe's own. */
    Step withProbeIds(ProbeSettings probe) {
        if (target == null) {
            return this;
        }
        return new Step(fault, client, target.withProbeIds(probe.group() == null ? null : probe.group().id(),
                probe.transactions() ? probe.transactionalId() : null), at, duration, awaitHealthy);
    }

    /** The fault type, as experiments name it: "kill", "consumer-crash". */
    public String type() {
        return fault != null ? fault.type() : client.type();
    }

    /** Whether it acts on the run's probes rather than on containers. */
    public boolean clientSide() {
        return client != null;
    }

    /** When the fault is reverted, counted like {@link #at}. */
    public Duration end() {
        return at.plus(duration);
    }
}
