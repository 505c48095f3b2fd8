package dev.gameday.run.suite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.experiment.Catalog;
import dev.gameday.experiment.DefinitionValidator;
import dev.gameday.experiment.Experiment;
import dev.gameday.experiment.FiringEvent;
import dev.gameday.experiment.Suite;
import dev.gameday.fault.FaultFixture;
import dev.gameday.run.ExperimentRunner;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.SuiteRunReport;
import dev.gameday.run.store.RunStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteRunnerTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    /** Starts, awaits and aborts runs without running anything: each run ends ABORTED if it was aborted, else PASS. */
    static final class FakeRuns extends ExperimentRunner {
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<String> aborted = new CopyOnWriteArrayList<>();
        Consumer<String> whileStarting = suiteRunId -> {};

        FakeRuns() {
            super(null, null, null, null, null, null, List.of(), null, CLOCK, null, null, null);
        }

        @Override
        public RunReport start(Experiment experiment, String trigger, Long seed, String suiteRunId) {
            String id = "run-" + (started.size() + 1);
            started.add(id);
            whileStarting.accept(suiteRunId);
            return report(id, experiment, RunStatus.RUNNING);
        }

        @Override
        public RunReport awaitEnd(String runId, Duration within) {
            return report(runId, null, aborted.stream().anyMatch(a -> a.startsWith(runId + ":")) ? RunStatus.ABORTED
                    : RunStatus.PASS);
        }

        @Override
        public void abort(String runId, String why) {
            aborted.add(runId + ": " + why);
        }

        @Override
        public void reserve(String suiteRunId) {}

        @Override
        public void release(String suiteRunId) {}

        private static RunReport report(String id, Experiment experiment, RunStatus status) {
            Instant now = CLOCK.instant();
            return new RunReport(id, experiment == null ? "?" : experiment.name(), null, status, null, "test", 0, now,
                    now, status.finished() ? now : null, List.of(), List.of(), null, null, null, experiment);
        }
    }

    /** Keeps the suite's reports; completes when the suite has ended. */
    static final class FakeStore extends RunStore {
        final CompletableFuture<SuiteRunReport> ended = new CompletableFuture<>();

        FakeStore() {
            super(null);
        }

        @Override
        public void save(SuiteRunReport suite, List<String> runIds) {
            if (suite.status() != RunStatus.RUNNING) {
                ended.complete(suite);
            }
        }
    }

    /**
     * Race (c): the abort lands while the suite's first run is starting, before the suite has made it
     * its current run. The fake runner calls abort() from inside start(), which is exactly that moment.
     */
    @Test
    void anAbortWhileARunStartsAbortsThatRun() throws Exception {
        FakeRuns runs = new FakeRuns();
        FakeStore store = new FakeStore();
        SuiteRunner suites = new SuiteRunner(runs, catalog(), store, CLOCK);
        runs.whileStarting = suiteRunId -> suites.abort(suiteRunId, "stopped by the operator");

        suites.start(new Suite("exits", null, null, List.of("exit-pass", "exit-fail"), false), "test");
        SuiteRunReport ended = store.ended.get(10, TimeUnit.SECONDS);

        assertThat(runs.started).containsExactly("run-1");
        assertThat(runs.aborted).containsExactly("run-1: stopped by the operator");
        assertThat(ended.status()).isEqualTo(RunStatus.ABORTED);
    }

    private Catalog catalog() {
        FaultFixture faults = new FaultFixture(dir);
        Catalog catalog = new Catalog(() -> Path.of("src/test/resources/experiments-exit"),
                new DefinitionValidator(faults.safety()), new FiringEvent<>(new ArrayList<>()));
        catalog.reload();
        return catalog;
    }
}
