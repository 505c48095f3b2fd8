package dev.gameday.run;

import dev.gameday.GamedayException;
import dev.gameday.HaltPoints;
import dev.gameday.experiment.Experiment;
import dev.gameday.json.Durations;
import dev.gameday.probe.ProbeTopic;
import dev.gameday.probe.Probes;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.Timeline;
import dev.gameday.verify.Verdict;
import dev.gameday.verify.Verifier;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * One run, walked through its {@link Phase}s in order. Whatever happens, every fault of the run is
 * reverted: at the end of its step, at once when the run is aborted, and when the run ends. A run
 * that ends early still drains and verifies what its probes saw, so it reports its figures so far.
 */
final class RunExecution {

    private static final List<Phase> UNTIL_DRAIN = List.of(Phase.VALIDATE, Phase.STEADY_STATE, Phase.WARM_UP,
            Phase.FAULTS, Phase.RECOVERY, Phase.COOL_DOWN);

    private final ActiveRun run;
    private final Experiment experiment;
    private final RunServices services;
    private final RunRecorder recorder;
    private final AbortWatch watch;
    private final RunClock time;
    private final RunSteps steps;
    private final RunHealth health;
    private ProbeTopic topic;

    RunExecution(ActiveRun run, RunServices services, RunRecorder recorder) {
        this.run = run;
        this.experiment = run.experiment;
        this.services = services;
        this.recorder = recorder;
        this.watch = new AbortWatch(experiment.abortWhen(), experiment.probe().topic());
        this.time = new RunClock(services.clock(), services.sleeper(), this::abortReason);
        this.steps = new RunSteps(run, services.injector(), time);
        this.health = new RunHealth(run, services, time);
    }

    ActiveRun run() {
        return run;
    }

    /**
     * Aborts the run: its faults are reverted right here, before the run's own thread even notices;
     * that thread then ends the run as ABORTED.
     */
    void abort(String why) {
        run.abort(why);
        steps.revertAll("run aborted: " + why);
    }

    /** Saves the run as it is now: at each phase change, each fault, and every few seconds from the runner. */
    void checkpoint() {
        recorder.checkpoint(run.report(RunStatus.RUNNING, null, null, null));
    }

    /** What holds the lab lease from the preflight to the end of the run. */
    private String leaseKey() {
        return "run " + run.id;
    }

    private void enter(Phase phase) {
        run.phase(phase);
        checkpoint();
    }

    private Optional<String> abortReason() {
        return run.abortReason() != null ? Optional.of(run.abortReason()) : watch.reason();
    }

    RunReport execute() {
        run.started(services.clock().instant());
        recorder.started(run.report(RunStatus.RUNNING, null, null, null));
        Log.infof("run %s of %s started (%s, seed %d)", run.id, experiment.name(), run.trigger, run.seed);
        RunStatus status;
        Analysis measured;
        try {
            for (Phase phase : UNTIL_DRAIN) {
                enter(phase);
                perform(phase);
            }
            measured = measure();
            Verdict verdict = Verifier.verdict(measured, experiment.hypothesis());
            verdict.reasons().forEach(run::reason);
            status = verdict.passed() ? RunStatus.PASS : RunStatus.FAIL;
        } catch (Aborted aborted) {
            run.reason(aborted.getMessage());
            status = RunStatus.ABORTED;
            measured = endEarly();
        } catch (RuntimeException e) {
            Log.errorf(e, "run %s of %s failed in its %s phase", run.id, experiment.name(), run.phase().label());
            boolean asked = run.abortReason() != null; // an abort can make a call in flight fail
            run.reason(asked ? run.abortReason() : "the run failed in its " + run.phase().label() + " phase: "
                    + e.getMessage());
            status = asked ? RunStatus.ABORTED : RunStatus.ERROR;
            measured = endEarly();
        }
        return persist(status, measured);
    }

    private void perform(Phase phase) {
        switch (phase) {
            case VALIDATE -> validate();
            case STEADY_STATE -> {
                services.halts().reach(HaltPoints.Point.STEADY_STATE, "run " + run.id + " of " + experiment.name());
                health.require("steady state not met before the run");
            }
            case WARM_UP -> warmUp();
            case FAULTS -> faults();
            case RECOVERY -> recovery();
            case COOL_DOWN -> time.waitFor(experiment.cooldown());
            default -> throw new IllegalStateException("phase " + phase.label() + " does not come before the drain");
        }
    }

    /**
     * Nothing changes before the lab's lease is held and the preflight passed: the lease first, so that
     * a lab another service is breaking is refused naming that service, not by what its fault does to
     * the preflight. Then the probe topic is made sure of, once, and every target resolved.
     */
    private void validate() {
        try {
            services.lease().hold(leaseKey());
        } catch (GamedayException held) {
            throw new Aborted(held.getMessage());
        }
        List<String> problems;
        try {
            problems = services.preflight().problems(experiment);
        } catch (GamedayException unavailable) {
            throw new Aborted("preflight: " + unavailable.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new Aborted("preflight: " + String.join("; ", problems));
        }
        topic = services.kafka().ensureTopic(experiment.probe());
        services.planner().resolveAll(experiment, run.seed);
    }

    /**
     * How long past its warm-up a run waits for the probes to reach their steady state before it gives
     * up. A new group's first assignment waits for the group's initial rebalance delay and, right after
     * an earlier run's broker kill, for a coordinator still loading its offsets: such a group can process
     * nothing in a 10 s warm-up and join a few seconds later.
     */
    static final Duration STEADY_STATE_GRACE = Duration.ofSeconds(30);

    /**
     * Probes for the warm-up, then until the steady state holds: records acknowledged and read, and,
     * with a group probe, processed by the group. The faults start once it does; a run that does not
     * get there within {@link #STEADY_STATE_GRACE} more is aborted and breaks nothing.
     */
    private void warmUp() {
        run.session(services.kafka().startProbes(experiment.probe(), topic, UUID.fromString(run.id), watch::observe));
        time.waitFor(experiment.probe().warmup());
        String unmet = steadyStateUnmet();
        if (unmet == null) {
            return;
        }
        Log.infof("run %s: at the end of its warm-up %s; waiting up to %s more", run.id, unmet,
                Durations.format(STEADY_STATE_GRACE));
        Duration waited = Duration.ZERO;
        Duration poll = Duration.ofMillis(500);
        while (unmet != null && waited.compareTo(STEADY_STATE_GRACE) < 0) {
            time.waitFor(poll);
            waited = waited.plus(poll);
            unmet = steadyStateUnmet();
        }
        if (unmet != null) {
            throw new Aborted("steady state not met: in the warm-up and " + Durations.format(STEADY_STATE_GRACE)
                    + " more " + unmet);
        }
        Log.infof("run %s: steady state reached %s after the warm-up", run.id, Durations.format(waited));
    }

    /** What the probes lack of their steady state so far, or null when they have it. */
    private String steadyStateUnmet() {
        int acked = 0;
        int read = 0;
        for (Timeline.Second second : run.session().history().timeline()) {
            acked += second.acked();
            read += second.read();
        }
        if (acked == 0 || read == 0) {
            return "the probe had " + acked + " acknowledged and " + read + " read record(s); both must be more than 0";
        }
        if (experiment.probe().group() != null && run.session().history().groupProcessedCount() == 0) {
            return "the group probe (group " + experiment.probe().group().id()
                    + ") processed no record; it must have joined and consumed";
        }
        return null;
    }

    private void faults() {
        Random random = new Random(run.seed);
        new StepTimeline(experiment.steps()).walk(time, new StepTimeline.Actions() {
            public void awaitHealthy(int step) {
                health.require("step " + (step + 1) + " awaits a healthy cluster");
            }

            public void inject(int step) {
                steps.inject(step, random);
                checkpoint();
            }

            public void revert(int step) {
                steps.revert(step);
                checkpoint();
            }
        });
    }

    private void recovery() {
        steps.revertAllWaitingForTheEngine("the last step ended");
        if (!health.await(experiment.recoveryTimeout()).healthy()) {
            // the verifier reports the missing recovery with what is still wrong
            Log.warnf("run %s: the cluster was not healthy within %s of the last fault", run.id,
                    Durations.format(experiment.recoveryTimeout()));
        }
    }

    /** The drain and the verification: stops producing, reads the log to the end, and measures. */
    private Analysis measure() {
        enter(Phase.DRAIN);
        services.halts().reach(HaltPoints.Point.DRAIN, "run " + run.id + " of " + experiment.name());
        Probes probes = run.session();
        probes.stopProducing();
        if (!probes.drain()) {
            run.reason("the final read did not reach every acknowledged offset within "
                    + Durations.format(experiment.probe().drainTimeout()));
        }
        enter(Phase.VERIFY);
        return Verifier.analyze(probes.history(), steps.windows());
    }

    /** After an abort or a failure: reverts everything, then measures what can be; never throws. */
    private Analysis endEarly() {
        steps.revertAllQuietly("run ended early");
        if (run.session() == null) {
            return null;
        }
        try {
            return measure();
        } catch (RuntimeException e) {
            Log.warnf("run %s: no figures after it ended early: %s", run.id, e.getMessage());
            return null;
        }
    }

    private RunReport persist(RunStatus status, Analysis measured) {
        run.phase(Phase.PERSIST);
        steps.revertAllQuietly("run ended");
        services.lease().release(leaseKey());
        Probes probes = run.session();
        RunReport report = run.report(status, services.clock().instant(), measured, probes == null ? null : probes.stats());
        if (probes != null) {
            try {
                probes.close();
            } catch (RuntimeException e) { // the run has ended all the same: the service must be free for the next
                Log.warnf("run %s: closing its probes failed: %s", run.id, e.getMessage());
            }
        }
        recorder.ended(report);
        Log.infof("run %s of %s ended %s%s", run.id, experiment.name(), status,
                report.reasons().isEmpty() ? "" : ": " + String.join("; ", report.reasons()));
        return report;
    }
}
