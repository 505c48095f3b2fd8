package dev.gameday.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gameday.experiment.Experiment;
import dev.gameday.probe.ProbeStats;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.Timeline;
import java.time.Instant;
import java.util.List;

/**
 * Everything about one run: the HTTP API's answer, and what the results database keeps.
 *
 * @param phase    while RUNNING, the {@link Phase} it is in, by its label: queued, validate, steady-state,
 *                 warm-up, faults, recovery, cool-down, drain, verify, persist; when INTERRUPTED, the phase
 *                 of its last checkpoint, the one the service stopped in
 * @param seed     the seed of every random choice of the run: trigger with it again to replay them
 * @param reasons  the verdict's reasons: every violated clause, or why the run was aborted
 * @param measured the verifier's figures; null until the probes have run
 * @param probesStartedAt second 0 of the timeline, and the origin of the millisecond windows of measured;
 *                 null when no probe ran
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(String id, String experiment, String suiteRunId, RunStatus status, String phase, String trigger,
                        long seed, Instant requestedAt, Instant startedAt, Instant endedAt, List<String> reasons,
                        List<StepReport> steps, Analysis measured, ProbeStats latency, List<Timeline.Second> timeline,
                        Experiment definition, Instant probesStartedAt) {

    /** A run in which no probe ran (skipped, or ended before its warm-up). */
    public RunReport(String id, String experiment, String suiteRunId, RunStatus status, String phase, String trigger,
                     long seed, Instant requestedAt, Instant startedAt, Instant endedAt, List<String> reasons,
                     List<StepReport> steps, Analysis measured, ProbeStats latency, List<Timeline.Second> timeline,
                     Experiment definition) {
        this(id, experiment, suiteRunId, status, phase, trigger, seed, requestedAt, startedAt, endedAt, reasons, steps,
                measured, latency, timeline, definition, null);
    }

    /** The same run without its per-second timeline and definition, for lists. */
    public RunReport summary() {
        return new RunReport(id, experiment, suiteRunId, status, phase, trigger, seed, requestedAt, startedAt, endedAt,
                reasons, steps, measured, latency, null, null, probesStartedAt);
    }
}
