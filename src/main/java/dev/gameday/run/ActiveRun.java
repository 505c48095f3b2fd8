package dev.gameday.run;

import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Step;
import dev.gameday.probe.ProbeStats;
import dev.gameday.probe.Probes;
import dev.gameday.verify.Analysis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * A run in progress: written by the run's own thread, read by the API at any moment. Its state is
 * small and every read takes a consistent snapshot.
 */
final class ActiveRun {

    final String id;
    final Experiment experiment;
    final String trigger;
    final long seed;
    final String suiteRunId;
    final Instant requestedAt;
    final CompletableFuture<RunReport> done = new CompletableFuture<>();

    private volatile Phase phase = Phase.QUEUED;
    private volatile String abortReason;
    private volatile Instant startedAt;
    private final StepReport[] steps;
    private final List<String> reasons = Collections.synchronizedList(new ArrayList<>());
    private volatile Probes session;

    ActiveRun(String id, Experiment experiment, String trigger, long seed, String suiteRunId, Instant requestedAt) {
        this.id = id;
        this.experiment = experiment;
        this.trigger = trigger;
        this.seed = seed;
        this.suiteRunId = suiteRunId;
        this.requestedAt = requestedAt;
        this.steps = new StepReport[experiment.steps().size()];
        for (int i = 0; i < steps.length; i++) {
            Step step = experiment.steps().get(i);
            steps[i] = new StepReport(i + 1, step.type(), Planner.describe(step), null, List.of(), null, null,
                    "pending");
        }
    }

    void phase(Phase now) {
        phase = now;
    }

    Phase phase() {
        return phase;
    }

    void started(Instant at) {
        startedAt = at;
    }

    /**
     * Changes a step's report in one move: the run thread and an abort both update the same step (the
     * one injects, the other reverts), and a read then a write apart would let one undo the other.
     */
    synchronized void updateStep(int index, UnaryOperator<StepReport> change) {
        steps[index] = change.apply(steps[index]);
    }

    synchronized StepReport step(int index) {
        return steps[index];
    }

    void reason(String reason) {
        reasons.add(reason);
    }

    void session(Probes probes) {
        session = probes;
    }

    Probes session() {
        return session;
    }

    /** Asks the run to stop; its thread notices at its next wait. */
    void abort(String why) {
        if (abortReason == null) {
            abortReason = why;
        }
    }

    String abortReason() {
        return abortReason;
    }

    synchronized RunReport report(RunStatus status, Instant endedAt, Analysis measured, ProbeStats latency) {
        Probes probes = session;
        return new RunReport(id, experiment.name(), suiteRunId, status, status.finished() ? null : phase.label(), trigger, seed,
                requestedAt, startedAt, endedAt, List.copyOf(reasons), List.of(steps.clone()), measured, latency,
                probes == null ? null : probes.history().timeline(), experiment,
                probes == null ? null : probes.history().start());
    }
}
