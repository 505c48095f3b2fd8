package dev.gameday.run;

import dev.gameday.GamedayException;
import dev.gameday.HaltPoints;
import dev.gameday.experiment.Experiment;
import dev.gameday.fault.FaultInjector;
import dev.gameday.lease.LabLease;
import dev.gameday.run.store.RunStore;
import dev.gameday.run.store.UnsavedRuns;
import dev.gameday.target.TargetResolver;
import dev.gameday.time.Sleeper;
import dev.gameday.time.Threads;
import io.quarkus.arc.All;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator of runs: one run at a time per cluster (a suite holds the place between its
 * experiments), starting, tracking and aborting runs, dry runs and skipped runs. Each run itself is
 * a {@link RunExecution} on the run thread.
 */
@ApplicationScoped
public class ExperimentRunner {

    private final RunServices services;
    private final Preflight preflight;
    private final RunStore store;
    private final UnsavedRuns unsaved;
    private final RunListener listener;
    private final Clock clock;
    private final ExecutorService executor = Threads.single("gameday-run", false);
    private final Object lock = new Object();
    private RunExecution current;
    private String reservedBy;

    public ExperimentRunner(FaultInjector injector, TargetResolver resolver, Preflight preflight, RunKafka kafka,
                            RunStore store, UnsavedRuns unsaved, @All List<RunListener> listeners, RunsConfig runs,
                            Clock clock, Sleeper sleeper, HaltPoints halts, LabLease lease) {
        this.services = new RunServices(injector, new Planner(resolver), preflight, kafka, runs, clock, sleeper, halts,
                lease);
        this.preflight = preflight;
        this.store = store;
        this.unsaved = unsaved;
        this.listener = RunListener.all(listeners); // metrics, notifications
        this.clock = clock;
    }

    /** Every run in progress is saved this often (and at each phase change), so that a stop loses little. */
    @Scheduled(every = "${gameday.runs.checkpoint-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkpoint() {
        RunExecution execution;
        synchronized (lock) {
            execution = current;
        }
        if (execution != null) {
            execution.checkpoint();
        }
    }

    /** Starts a run now, or refuses with CONFLICT when one is in progress. {@code seed} null: a fresh one. */
    public RunReport start(Experiment experiment, String trigger, Long seed, String suiteRunId) {
        ActiveRun run = new ActiveRun(UUID.randomUUID().toString(), experiment, trigger,
                seed != null ? seed : new Random().nextLong(), suiteRunId, clock.instant());
        RunExecution execution = new RunExecution(run, services, new StoreRecorder(run, store, unsaved, listener, clock,
                () -> {
                    synchronized (lock) {
                        current = null;
                    }
                }));
        synchronized (lock) {
            if (current != null) {
                ActiveRun other = current.run();
                throw new GamedayException(GamedayException.Kind.CONFLICT, "run " + other.id + " of experiment "
                        + other.experiment.name() + " is in progress (since " + other.requestedAt
                        + "); abort it or wait for it to end");
            }
            if (reservedBy != null && !reservedBy.equals(suiteRunId)) {
                throw new GamedayException(GamedayException.Kind.CONFLICT, "suite run " + reservedBy
                        + " is in progress; abort it or wait for it to end");
            }
            current = execution;
        }
        executor.execute(execution::execute);
        return run.report(RunStatus.RUNNING, null, null, null);
    }

    /** Keeps single runs out while a suite runs between its experiments. */
    public void reserve(String suiteRunId) {
        synchronized (lock) {
            if (current != null || reservedBy != null) {
                throw new GamedayException(GamedayException.Kind.CONFLICT, "a run is in progress ("
                        + (current != null ? "run " + current.run().id + " of " + current.run().experiment.name()
                        : "suite run " + reservedBy) + "); abort it or wait for it to end");
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

    /** Waits for a run started here to end. */
    public RunReport awaitEnd(String runId, Duration within) {
        ActiveRun run = running(runId).map(RunExecution::run).orElse(null);
        if (run == null) {
            return find(runId).orElseThrow();
        }
        try {
            return run.done.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new GamedayException(GamedayException.Kind.FAILED, "run " + runId + " did not end within " + within);
        }
    }

    /** The run in progress, as it is now. */
    public Optional<RunReport> current(String runId) {
        return running(runId).map(r -> r.run().report(RunStatus.RUNNING, null, null, null));
    }

    /** A run as it is now: in progress, ended but kept until the database takes it, or stored. */
    public Optional<RunReport> find(String runId) {
        return current(runId).or(() -> unsaved.find(runId)).or(() -> store.find(runId));
    }

    private Optional<RunExecution> running(String runId) {
        synchronized (lock) {
            return current != null && current.run().id.equals(runId) ? Optional.of(current) : Optional.empty();
        }
    }

    /** Aborts a run in progress: its faults are reverted before this returns; it then ends ABORTED. */
    public void abort(String runId, String why) {
        running(runId).orElseThrow(() -> new GamedayException(GamedayException.Kind.CONFLICT,
                "run " + runId + " is not in progress; only a running run can be aborted")).abort(why);
    }

    /**
     * What a run would do now, resolved against the cluster, with no change made to anything; a
     * definition the preflight refuses is refused (INVALID), naming each step and field.
     */
    public Plan dryRun(Experiment experiment, long seed) {
        List<String> problems = preflight.problems(experiment);
        if (!problems.isEmpty()) {
            throw new GamedayException(GamedayException.Kind.INVALID, "experiment " + experiment.name()
                    + " would not run here: " + String.join("; ", problems));
        }
        return services.planner().plan(experiment, seed);
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
            }
        }
        executor.shutdown();
        try {
            executor.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
