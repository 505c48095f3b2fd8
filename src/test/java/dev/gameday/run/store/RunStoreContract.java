package dev.gameday.run.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.probe.ProbeStats;
import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.run.StepReport;
import dev.gameday.run.SuiteRunReport;
import dev.gameday.verify.Analysis;
import dev.gameday.verify.Timeline;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the results database must do, on whichever database the subclass's profile selects: the
 * same tests on H2 and on PostgreSQL.
 */
abstract class RunStoreContract {

    @Inject
    RunStore store;

    final String experiment = "store-" + UUID.randomUUID().toString().substring(0, 8);
    final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /**
     * The database is the one the other tests of this application use: no run is left RUNNING in it
     * (one requested "in the future", as a test here makes, would be listed as running for minutes).
     */
    @AfterEach
    void closeWhatIsLeftRunning() {
        store.closeAbandoned(Instant.now().plus(1, ChronoUnit.DAYS), Instant.now());
    }

    RunReport run(RunStatus status, Instant at) {
        Analysis measured = new Analysis(1000, 990, 0, 10, 990, 2, List.of("p0: 5-6"), 0, 0, 0, 0, 0, 3,
                List.of(new Analysis.Anomaly("lost", 0, 2, List.of("p0: 5-6"))),
                List.of(new Analysis.PartitionWindow(0, 1_000, 10_500)), 9_500, List.of(), 12_345L, null,
                List.of(new Analysis.FaultMeasure(1, "kill", 9_500, 12_345L, null, null, null)), Map.of("lost", 2L, "duplicate", 0L), null, null, null, null);
        return new RunReport(UUID.randomUUID().toString(), experiment, null, status, null, "http", 42L, at,
                at.plusSeconds(1), at.plusSeconds(60), List.of("lost writes: 2, allowed 0 (p0: 5-6)"),
                List.of(new StepReport(1, "kill", "broker 2", UUID.randomUUID().toString(), List.of("kafka-2"),
                        at.plusSeconds(10), at.plusSeconds(30), "reverted")),
                measured, new ProbeStats(990, 2_000, 9_000_000, 9_500_000, 9_800_000),
                List.of(new Timeline.Second(0, 300, 299, 0, 298, 4_200, 19_000), new Timeline.Second(1, 300, 0, 0, 0, 0, 0)),
                null, at.plusSeconds(3));
    }

    @Test
    void aRunComesBackAsItWasStored() {
        RunReport stored = run(RunStatus.FAIL, t0);
        store.save(stored);

        RunReport found = store.find(stored.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(RunStatus.FAIL);
        assertThat(found.reasons()).isEqualTo(stored.reasons());
        assertThat(found.steps()).isEqualTo(stored.steps());
        assertThat(found.measured()).isEqualTo(stored.measured());
        assertThat(found.latency()).isEqualTo(stored.latency());
        assertThat(found.timeline()).isEqualTo(stored.timeline());
        assertThat(found.requestedAt()).isEqualTo(stored.requestedAt());
        assertThat(found.probesStartedAt()).isEqualTo(stored.probesStartedAt());
    }

    @Test
    void savingAgainReplacesStepsAnomaliesAndTimeline() {
        RunReport running = run(RunStatus.RUNNING, t0);
        store.save(running);
        RunReport passed = new RunReport(running.id(), experiment, null, RunStatus.PASS, null, "http", 42L, t0, t0,
                t0.plusSeconds(5), List.of(), running.steps(), null, null, List.of(), null);
        store.save(passed);

        RunReport found = store.find(running.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(RunStatus.PASS);
        assertThat(found.measured()).isNull();
        assertThat(found.timeline()).isEmpty();
        assertThat(found.steps()).hasSize(1);
    }

    @Test
    void aRunLeftRunningEndsInterruptedWithItsLastCheckpoint() {
        RunReport finished = run(RunStatus.FAIL, t0);
        List<Timeline.Second> early = List.of(new Timeline.Second(0, 300, 299, 0, 298, 4_200, 19_000));
        store.checkpoint(running(finished, "warm-up", early), t0.plusSeconds(10));
        store.checkpoint(running(finished, "faults", finished.timeline()), t0.plusSeconds(40));

        List<RunReport> closed = store.closeAbandoned(t0.plusSeconds(299), t0.plusSeconds(300));

        assertThat(closed).filteredOn(r -> r.id().equals(finished.id())).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(r.phase()).isEqualTo("faults");
        });
        RunReport found = store.find(finished.id()).orElseThrow();
        assertThat(found.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(found.phase()).isEqualTo("faults");
        assertThat(found.endedAt()).isEqualTo(t0.plusSeconds(40));
        assertThat(found.steps()).isEqualTo(finished.steps());
        assertThat(found.timeline()).isEqualTo(finished.timeline());
        assertThat(found.reasons()).last().isEqualTo("the service stopped while the run was in its faults phase, "
                + "between its last checkpoint at " + t0.plusSeconds(40) + " and the service's restart at "
                + t0.plusSeconds(300) + "; the figures are those of that checkpoint");
        assertThat(store.list(experiment, RunStatus.INTERRUPTED, null, null, 10)).extracting(RunReport::id)
                .containsExactly(finished.id());
        assertThat(store.closeAbandoned(t0.plusSeconds(301), t0.plusSeconds(301)))
                .noneMatch(r -> r.id().equals(finished.id()));
        RunReport ofThisLife = run(RunStatus.FAIL, t0.plusSeconds(400));
        store.checkpoint(running(ofThisLife, "warm-up", early), t0.plusSeconds(410));
        assertThat(store.closeAbandoned(t0.plusSeconds(350), t0.plusSeconds(420)))
                .as("a run requested since the service started is its own, in progress")
                .noneMatch(r -> r.id().equals(ofThisLife.id()));
        assertThat(store.find(ofThisLife.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    private static RunReport running(RunReport r, String phase, List<Timeline.Second> timeline) {
        return new RunReport(r.id(), r.experiment(), null, RunStatus.RUNNING, phase, r.trigger(), r.seed(),
                r.requestedAt(), r.startedAt(), null, List.of(), r.steps(), null, null, timeline, null,
                r.probesStartedAt());
    }

    @Test
    void runsAreListedNewestFirstAndFiltered() {
        RunReport old = run(RunStatus.PASS, t0.minusSeconds(3600));
        RunReport failed = run(RunStatus.FAIL, t0.minusSeconds(60));
        RunReport latest = run(RunStatus.PASS, t0);
        List.of(old, failed, latest).forEach(store::save);

        assertThat(store.list(experiment, null, null, null, 10)).extracting(RunReport::id)
                .containsExactly(latest.id(), failed.id(), old.id());
        assertThat(store.list(experiment, RunStatus.PASS, null, null, 10)).extracting(RunReport::id)
                .containsExactly(latest.id(), old.id());
        assertThat(store.list(experiment, null, t0.minusSeconds(120), t0, 10)).extracting(RunReport::id)
                .containsExactly(failed.id());
        assertThat(store.latestPerExperiment()).filteredOn(r -> r.experiment().equals(experiment))
                .extracting(RunReport::id).containsExactly(latest.id());
    }

    @Test
    void aSuiteRunKeepsItsRunsInOrder() {
        String suiteId = UUID.randomUUID().toString();
        store.save(new SuiteRunReport(suiteId, "day", RunStatus.RUNNING, "http", t0, null, List.of(), List.of()), List.of());
        RunReport first = withSuite(run(RunStatus.PASS, t0), suiteId);
        RunReport second = withSuite(run(RunStatus.FAIL, t0.plusSeconds(70)), suiteId);
        store.save(first);
        store.save(second);
        store.save(new SuiteRunReport(suiteId, "day", RunStatus.FAIL, "http", t0, t0.plusSeconds(140),
                List.of("x fail"), List.of()), List.of(first.id(), second.id()));

        SuiteRunReport found = store.findSuite(suiteId).orElseThrow();
        assertThat(found.status()).isEqualTo(RunStatus.FAIL);
        assertThat(found.reasons()).containsExactly("x fail");
        assertThat(found.runs()).extracting(RunReport::id).containsExactly(first.id(), second.id());
    }

    private static RunReport withSuite(RunReport r, String suiteId) {
        return new RunReport(r.id(), r.experiment(), suiteId, r.status(), null, r.trigger(), r.seed(), r.requestedAt(),
                r.startedAt(), r.endedAt(), r.reasons(), r.steps(), r.measured(), r.latency(), r.timeline(), null);
    }
}
