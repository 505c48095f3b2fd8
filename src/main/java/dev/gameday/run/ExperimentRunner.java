package dev.gameday.run;

import dev.gameday.GamedayException;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Step;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.Effect;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.Topology;
import dev.gameday.json.Durations;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.probe.ClusterInspector;
import dev.gameday.probe.ClusterSnapshot;
import dev.gameday.probe.ProbeListener;
import dev.gameday.probe.ProbeSession;
import dev.gameday.target.Target;
import dev.gameday.target.TargetResolver;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.FaultWindow;
import dev.gameday.verify.History;
import dev.gameday.verify.Verdict;
import dev.gameday.verify.Verifier;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs experiments, one at a time per cluster, through the lifecycle of the design: validate and
 * resolve, steady state before, probes and warm-up, faults at their offsets, revert, recovery,
 * cool-down, drain, verify, persist. Whatever happens, every fault of the run is reverted.
 */
@ApplicationScoped
public class ExperimentRunner {

    private static final Duration TICK = Duration.ofMillis(200);

    private final FaultInjector injector;
    private final TargetResolver resolver;
    private final ClusterInspector inspector;
    private final KafkaClients clients;
    private final RunStore store;
    private final RunListener listener;
    private final ProbeListener probeListener;
    private final RunsConfig runs;
    private final Clock clock;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "gameday-run"));
    private final Object lock = new Object();
    private ActiveRun current;
    private String reservedBy;

    public ExperimentRunner(FaultInjector injector, TargetResolver resolver, ClusterInspector inspector,
                            KafkaClients clients, RunStore store, @All List<RunListener> listeners, ProbeListener probeListener,
                            RunsConfig runs, Clock clock) {
        this.injector = injector;
        this.resolver = resolver;
        this.inspector = inspector;
        this.clients = clients;
        this.store = store;
        this.listener = run -> listeners.forEach(l -> l.finished(run)); // metrics, notifications
        this.probeListener = probeListener;
        this.runs = runs;
        this.clock = clock;
    }

    /** Runs the database still shows in progress were cut short when the service stopped. */
    void onStart(@Observes @Priority(30) StartupEvent event) {
        int abandoned = store.closeAbandoned(clock.instant());
        if (abandoned > 0) {
            Log.warnf("%d run(s) were in progress when the service stopped: recorded as ERROR", abandoned);
        }
    }

    /** Starts a run now, or refuses with CONFLICT when one is in progress. {@code seed} null: a fresh one. */
    public RunReport start(Experiment experiment, String trigger, Long seed, String suiteRunId) {
        ActiveRun run = new ActiveRun(UUID.randomUUID().toString(), experiment, trigger,
                seed != null ? seed : new Random().nextLong(), suiteRunId, clock.instant());
        synchronized (lock) {
            if (current != null) {
                throw new GamedayException(GamedayException.Kind.CONFLICT, "run " + current.id + " of experiment "
                        + current.experiment.name() + " is in progress (since " + current.requestedAt
                        + "); abort it or wait for it to end");
            }
            if (reservedBy != null && !reservedBy.equals(suiteRunId)) {
                throw new GamedayException(GamedayException.Kind.CONFLICT, "suite run " + reservedBy
                        + " is in progress; abort it or wait for it to end");
            }
            current = run;
        }
        executor.execute(() -> execute(run));
        return run.report(RunStatus.RUNNING, null, null, null);
    }

    /** Keeps single runs out while a suite runs between its experiments. */
    public void reserve(String suiteRunId) {
        synchronized (lock) {
            if (current != null || reservedBy != null) {
                throw new GamedayException(GamedayException.Kind.CONFLICT, "a run is in progress ("
                        + (current != null ? "run " + current.id + " of " + current.experiment.name() : "suite run " + reservedBy)
                        + "); abort it or wait for it to end");
            }
            reservedBy = suiteRunId;
        }
    }

    public void release(String suiteRunId) {
        synchronized (lock) {
            if (suiteRunId.equals(reservedBy)) {
                reservedBy = null;
            }
        }
    }

    public boolean busy() {
        synchronized (lock) {
            return current != null || reservedBy != null;
        }
    }

    /** Waits for a run started here to end. */
    public RunReport awaitEnd(String runId, Duration within) {
        ActiveRun run = running(runId).orElse(null);
        if (run == null) {
            return store.find(runId).orElseThrow();
        }
        try {
            return run.done.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new GamedayException(GamedayException.Kind.FAILED, "run " + runId + " did not end within " + within);
        }
    }

    /** The run in progress, as it is now. */
    public Optional<RunReport> current(String runId) {
        return running(runId).map(r -> r.report(RunStatus.RUNNING, null, null, null));
    }

    private Optional<ActiveRun> running(String runId) {
        synchronized (lock) {
            return current != null && current.id.equals(runId) ? Optional.of(current) : Optional.empty();
        }
    }

    /**
     * Aborts a run in progress: its faults are reverted right here, before the run's own thread
     * even notices; that thread then ends the run as ABORTED.
     */
    public void abort(String runId, String why) {
        ActiveRun run = running(runId).orElseThrow(() -> new GamedayException(GamedayException.Kind.CONFLICT,
                "run " + runId + " is not in progress; only a running run can be aborted"));
        run.abort(why);
        revertAll(run, "run aborted: " + why);
    }

    /** Reverts whatever the run still has applied and notes it on the run's steps. */
    private void revertAll(ActiveRun run, String why) {
        for (ActiveFault fault : injector.revertRun(run.id, why)) {
            int index = fault.step() - 1;
            run.step(index, run.step(index).reverted(clock.instant()));
        }
    }

    /**
     * What a run would do now, resolved against the cluster, with no change made to anything. A
     * step that cannot be resolved now (its topic does not exist yet) says why instead.
     */
    public Plan dryRun(Experiment experiment, long seed) {
        Random random = new Random(seed);
        List<Plan.PlannedStep> steps = new ArrayList<>();
        for (int i = 0; i < experiment.steps().size(); i++) {
            try {
                steps.add(plan(experiment, i, random));
            } catch (GamedayException unresolved) {
                Step step = experiment.steps().get(i);
                steps.add(new Plan.PlannedStep(i + 1, step.at(), step.duration(), step.fault().type(),
                        describe(step), List.of(), List.of("not resolvable now: " + unresolved.getMessage())));
            }
        }
        return new Plan(experiment.name(), seed, experiment.probe().warmup(), steps);
    }

    /** Plans every step, throwing on the first that cannot be resolved. */
    private void planAll(Experiment experiment, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < experiment.steps().size(); i++) {
            plan(experiment, i, random);
        }
    }

    private Plan.PlannedStep plan(Experiment experiment, int index, Random random) {
        Step step = experiment.steps().get(index);
        List<Target> targets = step.target() == null ? List.of() : resolver.resolve(step.target(), random);
        List<Effect> effects = step.fault().plan(targets, new Topology(resolver::clusterNodes));
        return new Plan.PlannedStep(index + 1, step.at(), step.duration(), step.fault().type(), describe(step),
                effects.stream().map(Effect::containerName).distinct().toList(),
                effects.stream().map(Effect::describe).toList());
    }

    private static String describe(Step step) {
        return step.target() == null ? "its own groups" : step.target().describe();
    }

    /** Records a run that did not happen: a schedule fired while another run was in progress. */
    public RunReport skipped(Experiment experiment, String trigger, String why) {
        Instant now = clock.instant();
        RunReport run = new RunReport(UUID.randomUUID().toString(), experiment.name(), null, RunStatus.SKIPPED, null,
                trigger, 0, now, null, now, List.of(why), List.of(), null, null, null, experiment);
        store.save(run);
        listener.finished(run);
        return run;
    }

    @PreDestroy
    void shutdown() {
        synchronized (lock) {
            if (current != null) {
                current.abort("the service is shutting down");
                revertAll(current, "the service is shutting down");
            }
        }
        executor.shutdown();
        try {
            executor.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Thrown inside a run to end it as ABORTED. */
    private static final class Aborted extends RuntimeException {
        Aborted(String reason) {
            super(reason, null, false, false);
        }
    }

    private void execute(ActiveRun run) {
        Experiment experiment = run.experiment;
        RunStatus status = RunStatus.ERROR;
        Analysis measured = null;
        run.started(clock.instant());
        store.save(run.report(RunStatus.RUNNING, null, null, null)); // listed while it runs
        Log.infof("run %s of %s started (%s, seed %d)", run.id, experiment.name(), run.trigger, run.seed);
        try {
            run.phase("validate");
            ProbeSession.ensureTopic(clients, experiment.probe());
            try {
                planAll(experiment, run.seed); // refuses targets outside the allow-list before anything happens
            } catch (GamedayException refused) {
                throw new Aborted("targets: " + refused.getMessage());
            }
            run.phase("steady-state");
            awaitSteadyState(run);
            run.phase("warm-up");
            run.session(ProbeSession.start(clients, inspector, clock, experiment.probe(), UUID.fromString(run.id),
                    probeListener));
            waitUntil(run, clock.instant().plus(experiment.probe().warmup()));
            checkWarmUp(run);
            run.phase("faults");
            applySteps(run, new Random(run.seed));
            run.phase("recovery");
            revertAll(run, "the last step ended");
            awaitRecovery(run);
            run.phase("cool-down");
            waitUntil(run, clock.instant().plus(experiment.cooldown()));
            measured = finish(run);
            Verdict verdict = Verifier.verdict(measured, experiment.hypothesis());
            verdict.reasons().forEach(run::reason);
            status = verdict.passed() ? RunStatus.PASS : RunStatus.FAIL;
        } catch (Aborted aborted) {
            status = RunStatus.ABORTED;
            run.reason(aborted.getMessage());
            measured = finishQuietly(run);
        } catch (RuntimeException e) {
            Log.errorf(e, "run %s of %s failed", run.id, experiment.name());
            run.reason(run.abortReason() != null ? run.abortReason() : "the run failed: " + e.getMessage());
            status = run.abortReason() != null ? RunStatus.ABORTED : RunStatus.ERROR;
            measured = finishQuietly(run);
        } finally {
            end(run, status, measured);
        }
    }

    private void checkWarmUp(ActiveRun run) {
        int acked = 0;
        int read = 0;
        for (var second : run.session().history().timeline()) {
            acked += second.acked();
            read += second.read();
        }
        if (acked == 0 || read == 0) {
            throw new Aborted("steady state not met: during the warm-up the probe had " + acked
                    + " acknowledged and " + read + " read record(s); both must be more than 0");
        }
    }

    /**
     * Injects and reverts every step at its offset from the end of the warm-up, in time order. A
     * step that awaits a healthy cluster moves itself and every later event back by its wait.
     */
    private void applySteps(ActiveRun run, Random random) {
        record Event(Duration at, boolean inject, int step) {}
        List<Event> events = new ArrayList<>();
        List<Step> steps = run.experiment.steps();
        for (int i = 0; i < steps.size(); i++) {
            events.add(new Event(steps.get(i).at(), true, i));
            events.add(new Event(steps.get(i).end(), false, i));
        }
        // at the same instant a revert goes first, so that a step may take over from the one before
        events.sort(Comparator.comparing(Event::at).thenComparing(Event::inject));
        Instant start = clock.instant();
        String[] faultIds = new String[steps.size()];
        for (Event event : events) {
            waitUntil(run, start.plus(event.at()));
            Step step = steps.get(event.step());
            if (event.inject()) {
                if (step.awaitHealthy()) {
                    Instant due = clock.instant();
                    awaitHealthyBefore(run, event.step());
                    start = start.plus(Duration.between(due, clock.instant()));
                }
                faultIds[event.step()] = inject(run, event.step(), step, random);
            } else if (faultIds[event.step()] != null) {
                injector.revert(faultIds[event.step()], "step " + (event.step() + 1) + " ended after "
                        + Durations.format(step.duration()));
                run.step(event.step(), run.step(event.step()).reverted(clock.instant()));
            }
        }
    }

    private void awaitHealthyBefore(ActiveRun run, int index) {
        ClusterSnapshot last = awaitHealthy(run, runs.steadyStateTimeout());
        if (!last.healthy()) {
            throw new Aborted("step " + (index + 1) + " awaits a healthy cluster, which it was not after "
                    + Durations.format(runs.steadyStateTimeout()) + ": " + String.join("; ", last.problems()));
        }
    }

    private String inject(ActiveRun run, int index, Step step, Random random) {
        try {
            ActiveFault fault = injector.inject(new FaultRequest(run.id, run.experiment.name(), index + 1, step.fault(),
                    step.target(), step.duration(), random));
            run.step(index, run.step(index).injected(fault.id(), fault.targets(), fault.injectedAt()));
            return fault.id();
        } catch (GamedayException e) {
            run.step(index, run.step(index).failed("not injected: " + e.getMessage()));
            throw new Aborted("step " + (index + 1) + " (" + step.fault().type() + " on "
                    + (step.target() == null ? "its groups" : step.target().describe()) + ") could not be injected: "
                    + e.getMessage());
        }
    }

    /**
     * The cluster must be healthy before it is broken. Right after another run (in a suite, say) it
     * may still be catching up, so it gets {@code gameday.runs.steady-state-timeout} to get there.
     */
    private void awaitSteadyState(ActiveRun run) {
        ClusterSnapshot last = awaitHealthy(run, runs.steadyStateTimeout());
        if (!last.healthy()) {
            throw new Aborted("steady state not met before the run, after waiting "
                    + Durations.format(runs.steadyStateTimeout()) + ": " + String.join("; ", last.problems()));
        }
    }

    private void awaitRecovery(ActiveRun run) {
        if (!awaitHealthy(run, run.experiment.recoveryTimeout()).healthy()) {
            Log.warnf("run %s: the cluster was not healthy within %s of the last fault", run.id,
                    Durations.format(run.experiment.recoveryTimeout()));
            // the verifier reports the missing recovery with what is still wrong
        }
    }

    /** Healthy twice in a row, a second apart (one reading can catch a broker mid-way), or the last reading. */
    private ClusterSnapshot awaitHealthy(ActiveRun run, Duration within) {
        Instant deadline = clock.instant().plus(within);
        ClusterSnapshot last = read(run);
        boolean previous = false;
        while (!(last.healthy() && previous) && !clock.instant().isAfter(deadline)) {
            previous = last.healthy();
            waitUntil(run, clock.instant().plusSeconds(1));
            last = read(run);
        }
        return last;
    }

    /** While the probes run, a reading is also a cluster sample of the run: the verifier judges recovery on them all. */
    private ClusterSnapshot read(ActiveRun run) {
        ProbeSession session = run.session();
        return session == null ? inspector.snapshot(null) : session.sampleCluster(inspector);
    }

    /** Stops producing, reads the log to the end, and measures. */
    private Analysis finish(ActiveRun run) {
        run.phase("drain");
        ProbeSession session = run.session();
        session.stopProducing();
        if (!session.drain()) {
            run.reason("the final read did not reach every acknowledged offset within "
                    + Durations.format(run.experiment.probe().drainTimeout()));
        }
        run.phase("verify");
        return Verifier.analyze(session.history(), windows(run));
    }

    /** After an abort or an error, measures what can be measured; never throws. */
    private Analysis finishQuietly(ActiveRun run) {
        try {
            revertAll(run, "run ended early");
        } catch (GamedayException e) {
            run.reason("reverting failed: " + e.getMessage());
        }
        if (run.session() == null) {
            return null;
        }
        try {
            return finish(run);
        } catch (RuntimeException e) {
            Log.warnf("run %s: no figures after it ended early: %s", run.id, e.getMessage());
            return null;
        }
    }

    private List<FaultWindow> windows(ActiveRun run) {
        List<FaultWindow> windows = new ArrayList<>();
        for (int i = 0; i < run.experiment.steps().size(); i++) {
            StepReport step = run.step(i);
            if (step.injectedAt() != null) {
                Instant end = step.revertedAt() != null ? step.revertedAt() : step.injectedAt();
                windows.add(new FaultWindow(step.step(), step.fault(), step.targets(), step.injectedAt(), end));
            }
        }
        return windows;
    }

    private void end(ActiveRun run, RunStatus status, Analysis measured) {
        try {
            revertAll(run, "run ended");
        } catch (GamedayException e) {
            run.reason("reverting failed: " + e.getMessage());
        }
        ProbeSession session = run.session();
        RunReport report = run.report(status, clock.instant(), measured, session == null ? null : session.stats());
        if (session != null) {
            session.close();
        }
        try {
            store.save(report);
        } catch (RuntimeException e) {
            Log.errorf(e, "run %s could not be stored", run.id);
        }
        listener.finished(report);
        synchronized (lock) {
            current = null;
        }
        run.done.complete(report);
        Log.infof("run %s of %s ended %s%s", run.id, run.experiment.name(), status,
                report.reasons().isEmpty() ? "" : ": " + String.join("; ", report.reasons()));
    }

    /** Waits until {@code until}, ending the run early if it is aborted or an abort condition holds. */
    private void waitUntil(ActiveRun run, Instant until) {
        while (true) {
            if (run.abortReason() != null) {
                throw new Aborted(run.abortReason());
            }
            checkAbortConditions(run);
            Duration left = Duration.between(clock.instant(), until);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            try {
                Thread.sleep(Math.min(left.toMillis() + 1, TICK.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Aborted("the run's thread was interrupted");
            }
        }
    }

    private void checkAbortConditions(ActiveRun run) {
        ProbeSession session = run.session();
        if (session == null) {
            return;
        }
        var abortWhen = run.experiment.abortWhen();
        List<History.ClusterSample> samples = session.history().clusterSamples();
        if (abortWhen.offlinePartitionsFor() != null) {
            long since = lastStretch(samples, s -> s.offlinePartitions() > 0);
            if (since >= abortWhen.offlinePartitionsFor().toMillis()) {
                throw new Aborted("abort condition: offline partitions for " + Durations.format(Duration.ofMillis(since))
                        + " (abortWhen.offlinePartitionsFor " + Durations.format(abortWhen.offlinePartitionsFor()) + ")");
            }
        }
        if (abortWhen.unhealthyFor() != null) {
            long since = lastStretch(samples, s -> !s.healthy());
            if (since >= abortWhen.unhealthyFor().toMillis()) {
                throw new Aborted("abort condition: cluster unhealthy for " + Durations.format(Duration.ofMillis(since))
                        + " (abortWhen.unhealthyFor " + Durations.format(abortWhen.unhealthyFor()) + ")");
            }
        }
    }

    /** How long the latest samples have shown the condition without a break; 0 if the last one does not. */
    private static long lastStretch(List<History.ClusterSample> samples, java.util.function.Predicate<History.ClusterSample> bad) {
        if (samples.isEmpty() || !bad.test(samples.get(samples.size() - 1))) {
            return 0;
        }
        long last = samples.get(samples.size() - 1).atMs();
        long first = last;
        for (int i = samples.size() - 1; i >= 0 && bad.test(samples.get(i)); i--) {
            first = samples.get(i).atMs();
        }
        return last - first;
    }
}
