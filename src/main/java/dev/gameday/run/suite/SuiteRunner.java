package dev.gameday.run.suite;

import dev.gameday.GamedayException;
import dev.gameday.experiment.Catalog;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.Suite;
import dev.gameday.run.ExperimentRunner;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.SuiteRunReport;
import dev.gameday.run.store.RunStore;
import dev.gameday.time.Threads;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

/**
 * Runs a game-day suite: its experiments one after the other, in order. No single run can slip in
 * between them. The suite passes when every run passes.
 */
@ApplicationScoped
public class SuiteRunner {

    private final ExperimentRunner runner;
    private final Catalog catalog;
    private final RunStore store;
    private final Clock clock;
    private final ExecutorService executor = Threads.single("gameday-suite", false);
    private final Map<String, State> running = new ConcurrentHashMap<>();

    public SuiteRunner(ExperimentRunner runner, Catalog catalog, RunStore store, Clock clock) {
        this.runner = runner;
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    private static final class State {
        final SuiteRunReport started;
        /** Appended by the suite's thread while the API reads it: a copy-on-write list, never read mid-append. */
        final List<String> runIds = new CopyOnWriteArrayList<>();
        volatile String currentRun;
        volatile String abortReason;

        State(SuiteRunReport started) {
            this.started = started;
        }
    }

    public SuiteRunReport start(Suite suite, String trigger) {
        List<Experiment> experiments = suite.experiments().stream().map(catalog::experiment).toList();
        String id = UUID.randomUUID().toString();
        runner.reserve(id);
        SuiteRunReport started = new SuiteRunReport(id, suite.name(), RunStatus.RUNNING, trigger, clock.instant(), null,
                List.of(), List.of());
        State state = new State(started);
        running.put(id, state);
        store.save(started, List.of());
        executor.execute(() -> execute(state, suite, experiments));
        return started;
    }

    private void execute(State state, Suite suite, List<Experiment> experiments) {
        List<String> reasons = new ArrayList<>();
        RunStatus status = RunStatus.PASS;
        try {
            for (Experiment experiment : experiments) {
                if (state.abortReason != null) {
                    reasons.add(state.abortReason);
                    status = worse(status, RunStatus.ABORTED);
                    break;
                }
                RunReport run = runner.start(experiment, state.started.trigger(), null, state.started.id());
                state.currentRun = run.id();
                state.runIds.add(run.id());
                if (state.abortReason != null) { // it came while this run started, before abort() could see it
                    abortRun(state, run.id());
                }
                RunReport ended = runner.awaitEnd(run.id(), Duration.ofHours(6));
                if (ended.status() != RunStatus.PASS) {
                    reasons.add(experiment.name() + " " + ended.status().label() + ": " + String.join("; ", ended.reasons()));
                    status = worse(status, ended.status());
                    if (suite.stopOnFailure() || ended.status() == RunStatus.ABORTED) {
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "suite run %s of %s failed", state.started.id(), suite.name());
            reasons.add("the suite failed: " + e.getMessage());
            status = worse(status, RunStatus.ERROR);
        } finally {
            runner.release(state.started.id());
            SuiteRunReport ended = new SuiteRunReport(state.started.id(), suite.name(), status, state.started.trigger(),
                    state.started.requestedAt(), clock.instant(), reasons, List.of());
            store.save(ended, state.runIds);
            running.remove(state.started.id());
            Log.infof("suite run %s of %s ended %s", ended.id(), suite.name(), status);
        }
    }

    /**
     * A suite's status from its runs': a broken promise (FAIL) is a verdict and outweighs a run that
     * could not judge (ABORTED, then ERROR); PASS only when every run passed.
     */
    static RunStatus worse(RunStatus suite, RunStatus run) {
        List<RunStatus> order = List.of(RunStatus.PASS, RunStatus.ERROR, RunStatus.ABORTED, RunStatus.FAIL);
        RunStatus counted = order.contains(run) ? run : RunStatus.ERROR; // SKIPPED, or anything new: no verdict
        return order.indexOf(counted) > order.indexOf(suite) ? counted : suite;
    }

    public SuiteRunReport get(String id) {
        State state = running.get(id);
        if (state != null) {
            List<RunReport> runs = state.runIds.stream()
                    .map(r -> runner.find(r).map(RunReport::summary).orElseThrow())
                    .toList();
            SuiteRunReport s = state.started;
            return new SuiteRunReport(s.id(), s.suite(), RunStatus.RUNNING, s.trigger(), s.requestedAt(), null, List.of(), runs);
        }
        return store.findSuite(id).orElseThrow(() -> new GamedayException(GamedayException.Kind.NOT_FOUND,
                "no suite run " + id));
    }

    public void abort(String id, String why) {
        State state = Optional.ofNullable(running.get(id)).orElseThrow(() -> new GamedayException(
                GamedayException.Kind.CONFLICT, "suite run " + id + " is not in progress"));
        state.abortReason = why;
        String current = state.currentRun;
        if (current != null) {
            abortRun(state, current);
        }
    }

    /**
     * Both the suite's thread, once it has made a run current, and abort(), once it has set the reason,
     * look at the other's field (volatile, both): whichever comes second sees the first, so a run that
     * starts as the suite is aborted is aborted too, once or twice (the second is a no-op).
     */
    private void abortRun(State state, String runId) {
        try {
            runner.abort(runId, state.abortReason);
        } catch (GamedayException between) {
            Log.debugf("no run of suite %s in progress to abort: %s", state.started.id(), between.getMessage());
        }
    }

    @PreDestroy
    void shutdown() {
        running.keySet().forEach(id -> abort(id, "the service is shutting down"));
        executor.shutdown();
    }
}
