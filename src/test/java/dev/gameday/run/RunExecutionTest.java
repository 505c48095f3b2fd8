package dev.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.FakeTime;
import dev.gameday.HaltPoints;
import dev.gameday.docker.ContainerState;
import dev.gameday.experiment.DefinitionParser;
import dev.gameday.experiment.Experiment;
import dev.gameday.fault.FaultFixture;
import dev.gameday.fault.NetemSupport;
import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.kafka.ClusterSnapshot.OfflinePartitions;
import dev.gameday.probe.CrashedMember;
import dev.gameday.probe.ProbeSettings;
import dev.gameday.probe.ProbeStats;
import dev.gameday.probe.ProbeTopic;
import dev.gameday.probe.Probes;
import dev.gameday.verify.GroupMember;
import dev.gameday.verify.History;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run walked through its phases with no cluster and no waiting: Docker is a recording fake, Kafka
 * a fake whose probes acknowledge and read 100 records, and time moves only when the run waits.
 * The warm-up ends 3 s after the start (1 s of steady state, 2 s of warm-up); faults count from there.
 */
class RunExecutionTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    static final Instant FAULTS = START.plusSeconds(3);
    static final Set<Integer> BROKERS = Set.of(1, 2, 3);

    @TempDir
    Path dir;

    FaultFixture faults;
    final FakeTime time = new FakeTime(START);
    final FakeKafka kafka = new FakeKafka();
    final List<RunReport> ended = new ArrayList<>();
    final List<RunReport> checkpoints = new ArrayList<>();
    RunExecution execution;

    @BeforeEach
    void setUp() {
        faults = new FaultFixture(dir);
    }

    /** A run of an experiment with a 2 s warm-up and {@code steps} (with whatever follows them). */
    RunExecution execution(String steps) {
        return execution("{ warmup: 2s }", steps);
    }

    /** A run with the given probe block. */
    RunExecution execution(String probe, String steps) {
        var parsed = DefinitionParser.parse("test", "name: test-run\nprobe: " + probe + "\nsteps:\n" + steps,
                Experiment.class);
        assertThat(parsed.errors()).isEmpty();
        ActiveRun run = new ActiveRun(UUID.randomUUID().toString(), parsed.value(), "test", 7, null, START);
        RunServices services = new RunServices(faults.injector(time), new Planner(faults.resolver()),
                new Preflight(faults.runtime, new NetemSupport(faults.runtime), faults.resolver(), faults.roles), kafka,
                () -> Duration.ofMinutes(2), time, time, HaltPoints.NONE, faults.lease);
        execution = new RunExecution(run, services, new RunRecorder() {
            public void started(RunReport running) {}

            public void checkpoint(RunReport running) {
                checkpoints.add(running);
            }

            public void ended(RunReport report) {
                ended.add(report);
            }
        });
        return execution;
    }

    /** A step that pauses broker 2, from the end of the warm-up. */
    static String pauseBroker2(String duration) {
        return "  - fault: pause\n    target: { role: broker, id: 2 }\n    duration: " + duration + "\n";
    }

    static ClusterSnapshot healthy(Instant at) {
        return new ClusterSnapshot(at, 1, BROKERS, BROKERS, 12, 0, Map.of(), 0, Map.of(), Set.of(), Set.of(), null);
    }

    /** Partitions 0 and 3 of the probe topic have no leader while broker 2 is paused; a topic of someone else's too. */
    ClusterSnapshot offlineWhileBroker2IsPaused(Instant at) {
        if (faults.runtime.state("id-kafka-2") != ContainerState.PAUSED) {
            return healthy(at);
        }
        return new ClusterSnapshot(at, 1, Set.of(1, 3), BROKERS, 12, 10, Map.of("gameday-probe",
                new OfflinePartitions(2, List.of(0, 3)), "orders", new OfflinePartitions(1, List.of(4))), 0, Map.of(),
                Set.of(), Set.of(), null);
    }

    @Test
    void aRunWalksItsPhasesInOrderAndPasses() {
        RunExecution run = execution(pauseBroker2("10s") + "cooldown: 5s\n");
        List<Phase> waitedIn = new ArrayList<>();
        time.beforeEachSleep(() -> {
            if (waitedIn.isEmpty() || waitedIn.get(waitedIn.size() - 1) != run.run().phase()) {
                waitedIn.add(run.run().phase());
            }
        });

        RunReport report = run.execute();

        assertThat(report.status()).isEqualTo(RunStatus.PASS);
        assertThat(waitedIn).containsExactly(Phase.STEADY_STATE, Phase.WARM_UP, Phase.FAULTS, Phase.RECOVERY,
                Phase.COOL_DOWN);
        assertThat(ended).containsExactly(report);
        assertThat(report.measured().sent()).isEqualTo(100);
        assertThat(report.steps()).singleElement().satisfies(step -> {
            assertThat(step.injectedAt()).isEqualTo(FAULTS);
            assertThat(step.revertedAt()).isEqualTo(FAULTS.plusSeconds(10));
        });
    }

    @Test
    void aRunIsCheckpointedAtEachPhaseChangeAndEachFaultWithItsStepsAndTimelineSoFar() {
        RunReport report = execution(pauseBroker2("10s") + "cooldown: 5s\n").execute();

        assertThat(report.status()).isEqualTo(RunStatus.PASS);
        assertThat(checkpoints).allSatisfy(c -> assertThat(c.status()).isEqualTo(RunStatus.RUNNING))
                .extracting(RunReport::phase).containsExactly("validate", "steady-state", "warm-up", "faults",
                        "faults", "faults", "recovery", "cool-down", "drain", "verify");
        RunReport injected = checkpoints.get(4);
        assertThat(injected.steps()).singleElement().satisfies(step -> {
            assertThat(step.injectedAt()).isEqualTo(FAULTS);
            assertThat(step.revertedAt()).isNull();
            assertThat(step.targets()).containsExactly("kafka-2");
        });
        assertThat(checkpoints.get(5).steps().get(0).revertedAt()).isEqualTo(FAULTS.plusSeconds(10));
        assertThat(injected.timeline()).isNotEmpty();
        assertThat(checkpoints.get(0).timeline()).isNull(); // no probe yet
    }

    @Test
    void atOneInstantTheRevertOfOneStepGoesBeforeTheInjectOfTheNextOnTheSameBroker() {
        RunReport report = execution("""
                  - fault: kill
                    target: { role: broker, id: 2 }
                    at: 10s
                    duration: 5s
                """ + pauseBroker2("10s")).execute();

        assertThat(report.status()).isEqualTo(RunStatus.PASS);
        assertThat(faults.runtime.calls()).containsExactly("pause id-kafka-2", "unpause id-kafka-2",
                "kill id-kafka-2 SIGKILL", "start id-kafka-2");
    }

    static final String GROUP_PROBE = "{ warmup: 2s, group: { consumers: 3 } }";

    @Test
    void aConsumerCrashActsOnTheProbesAloneAndANewMemberStartsAtTheEndOfTheStep() throws Exception {
        RunReport report = execution(GROUP_PROBE, """
                  - fault: consumer-crash
                    member: 1
                    at: 2s
                    duration: 5s
                """).execute();

        assertThat(report.status()).isEqualTo(RunStatus.PASS);
        assertThat(kafka.probes.groupCalls).containsExactly("crash slot 1 at " + FAULTS.plusSeconds(2),
                "new member in slot 1 at " + FAULTS.plusSeconds(7));
        assertThat(faults.runtime.calls()).isEmpty();
        assertThat(java.nio.file.Files.exists(dir.resolve("journal.jsonl"))).isFalse();
        assertThat(report.steps()).singleElement().satisfies(step -> {
            assertThat(step.fault()).isEqualTo("consumer-crash");
            assertThat(step.targets()).containsExactly("group member 4 (slot 1)");
            assertThat(step.injectedAt()).isEqualTo(FAULTS.plusSeconds(2));
            assertThat(step.revertedAt()).isEqualTo(FAULTS.plusSeconds(7));
        });
        assertThat(report.measured().perFault()).singleElement()
                .satisfies(f -> assertThat(f.fault()).isEqualTo("consumer-crash"));
    }

    @Test
    void aGroupThatJoinsAfterTheWarmUpDelaysTheFaultsUntilItHasProcessed() {
        kafka.groupJoinsAfter = Duration.ofSeconds(7); // the warm-up ends 2 s after the probes start
        RunReport report = execution(GROUP_PROBE, """
                  - fault: consumer-crash
                    at: 1s
                """).execute();

        assertThat(report.status()).as(report.reasons().toString()).isEqualTo(RunStatus.PASS);
        assertThat(report.steps()).singleElement().satisfies(step ->
                assertThat(step.injectedAt()).isEqualTo(FAULTS.plusSeconds(5 + 1)));
    }

    @Test
    void aGroupThatNeverProcessesAbortsTheRunWithinTheGraceAndBreaksNothing() {
        kafka.groupJoinsAfter = null;
        RunReport report = execution(GROUP_PROBE, pauseBroker2("5s")).execute();

        assertThat(report.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(report.reasons()).containsExactly("steady state not met: in the warm-up and 30s more the group "
                + "probe (group gameday-test-run) processed no record; it must have joined and consumed");
        assertThat(faults.runtime.calls()).isEmpty();
        assertThat(report.endedAt()).isEqualTo(FAULTS.plus(RunExecution.STEADY_STATE_GRACE));
    }

    @Test
    void aConsumerCrashWithoutADurationStartsTheNewMemberAtOnce() {
        RunReport report = execution(GROUP_PROBE, """
                  - fault: consumer-crash
                    at: 1s
                """).execute();

        assertThat(report.status()).isEqualTo(RunStatus.PASS);
        assertThat(kafka.probes.groupCalls).hasSize(2).last().isEqualTo("new member in slot "
                + kafka.probes.crashedSlot + " at " + FAULTS.plusSeconds(1));
    }

    @Test
    void anAbortConditionRevertsEveryFaultAndEndsAbortedWithTheFiguresSoFar() {
        kafka.cluster = this::offlineWhileBroker2IsPaused;
        RunReport report = execution(pauseBroker2("5m") + """
                  - fault: cpu-throttle
                    cpus: 0.5
                    target: { role: broker, id: 3 }
                    duration: 5m
                abortWhen:
                  offlinePartitionsFor: 10s
                """).execute();

        assertThat(report.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(report.reasons()).containsExactly("abort condition: offline partitions for 10s "
                + "(abortWhen.offlinePartitionsFor 10s): gameday-probe-0, gameday-probe-3");
        assertThat(report.steps()).allSatisfy(step -> {
            assertThat(step.outcome()).isEqualTo("reverted");
            assertThat(step.revertedAt()).isEqualTo(FAULTS.plusSeconds(11)); // offline from the first reading after it
        });
        assertThat(faults.runtime.state("id-kafka-2")).isEqualTo(ContainerState.RUNNING);
        assertThat(faults.runtime.calls()).hasSize(4).contains("unpause id-kafka-2");
        assertThat(report.measured().sent()).isEqualTo(100);
        assertThat(report.measured().lostWrites()).isZero();
    }

    @Test
    void anAbortInTheMiddleOfAFaultRevertsItAtOnceAndEndsAbortedWithTheFiguresSoFar() {
        RunExecution run = execution(pauseBroker2("2m"));
        List<String> callsRightAfterTheAbort = new ArrayList<>();
        time.at(FAULTS.plusSeconds(5), () -> {
            run.abort("aborted over HTTP");
            callsRightAfterTheAbort.addAll(faults.runtime.calls());
        });

        RunReport report = run.execute();

        assertThat(callsRightAfterTheAbort).containsExactly("pause id-kafka-2", "unpause id-kafka-2");
        assertThat(report.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(report.reasons()).containsExactly("aborted over HTTP");
        assertThat(report.steps().get(0).revertedAt()).isEqualTo(FAULTS.plusSeconds(5));
        assertThat(report.measured().sent()).isEqualTo(100);
        assertThat(kafka.probes.closed).isTrue();
    }

    @Test
    void aStepWhoseRevertMeetsAnEngineThatIsGoneWaitsForItAndTheRunGoesOnWithTheRealWindow() {
        time.at(FAULTS.plusSeconds(9), () -> faults.runtime.engineGone(true));    // dockerd restarted
        time.at(FAULTS.plusMillis(13_500), () -> faults.runtime.engineGone(false));

        RunReport report = execution(pauseBroker2("10s")).execute();

        assertThat(report.status()).isEqualTo(RunStatus.PASS);
        assertThat(report.steps()).singleElement().satisfies(step -> {
            assertThat(step.outcome()).isEqualTo("reverted");
            assertThat(step.revertedAt()).isEqualTo(FAULTS.plusSeconds(14));
        });
        assertThat(faults.runtime.calls()).containsExactly("pause id-kafka-2", "unpause id-kafka-2");
        assertThat(faults.runtime.state("id-kafka-2")).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void aRunOnALabAnotherServiceIsBreakingEndsAbortedNamingItWithNothingInjected() {
        faults.lease("service-b", "host-b").hold("run of service-b");

        RunReport report = execution(pauseBroker2("10s")).execute();

        assertThat(report.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(report.reasons()).singleElement().asString().startsWith(
                "lab test is being broken by another service: service-b on host host-b, since ");
        assertThat(kafka.topicsEnsured).isZero();
        assertThat(faults.runtime.calls()).isEmpty();
    }

    @Test
    void aPhaseThatThrowsEndsTheRunInErrorNamingThePhaseWithItsFaultsReverted() {
        kafka.cluster = at -> {
            if (!at.isBefore(FAULTS.plusSeconds(5))) {
                throw new IllegalStateException("the metadata request failed");
            }
            return healthy(at);
        };
        RunReport report = execution(pauseBroker2("1m") + """
                  - fault: kill
                    target: { role: broker, id: 3 }
                    at: 5s
                    duration: 10s
                    awaitHealthy: true
                """).execute();

        assertThat(report.status()).isEqualTo(RunStatus.ERROR);
        assertThat(report.reasons()).containsExactly("the run failed in its faults phase: the metadata request failed");
        assertThat(faults.runtime.calls()).containsExactly("pause id-kafka-2", "unpause id-kafka-2");
        assertThat(report.measured().sent()).isEqualTo(100);
    }

    @Test
    void aRunWhoseProbesCannotStartEndsInErrorWithNoFigures() {
        kafka.startFailure = new IllegalStateException("no broker answered");
        RunReport report = execution(pauseBroker2("10s")).execute();

        assertThat(report.status()).isEqualTo(RunStatus.ERROR);
        assertThat(report.reasons()).containsExactly("the run failed in its warm-up phase: no broker answered");
        assertThat(report.measured()).isNull();
        assertThat(faults.runtime.calls()).isEmpty();
    }

    @Test
    void aFailingPreflightEndsTheRunAbortedBeforeAnythingIsInjectedNamingTheStepAndField() {
        RunReport report = execution("""
                  - fault: pause
                    target: { role: broker, id: 7 }
                    duration: 10s
                """).execute();

        assertThat(report.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(report.reasons()).containsExactly(
                "preflight: steps[0].target.id: the cluster has no broker 7 (its brokers: [1, 2, 3])");
        assertThat(kafka.topicsEnsured).isZero();
        assertThat(faults.runtime.calls()).isEmpty();
        assertThat(report.measured()).isNull();
    }

    @Test
    void aClusterThatIsNotHealthyBeforeTheRunEndsItAbortedWithNothingInjected() {
        kafka.cluster = at -> new ClusterSnapshot(at, -1, BROKERS, BROKERS, 12, 0, Map.of(), 0, Map.of(), Set.of(), Set.of(), null);
        RunReport report = execution(pauseBroker2("10s")).execute();

        assertThat(report.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(report.reasons()).containsExactly("steady state not met before the run: the cluster was not healthy "
                + "after waiting 2m: no active controller");
        assertThat(faults.runtime.calls()).isEmpty();
    }

    /** Kafka for a run: the probe topic as asked for, probes that acknowledge and read 100 records. */
    final class FakeKafka implements RunKafka {
        Function<Instant, ClusterSnapshot> cluster = RunExecutionTest::healthy;
        RuntimeException startFailure;
        /** When the group probe processes its first records, from the probes' start; null: never. */
        Duration groupJoinsAfter = Duration.ZERO;
        int topicsEnsured;
        FakeProbes probes;

        @Override
        public ProbeTopic ensureTopic(ProbeSettings settings) {
            topicsEnsured++;
            return new ProbeTopic(settings.topic(), settings.partitions(), 3, 2);
        }

        @Override
        public Probes startProbes(ProbeSettings settings, ProbeTopic topic, UUID runId,
                                  Consumer<ClusterSnapshot> readings) {
            if (startFailure != null) {
                throw startFailure;
            }
            probes = new FakeProbes(settings, runId, readings);
            return probes;
        }

        @Override
        public ClusterSnapshot read() {
            return cluster.apply(time.instant());
        }
    }

    /** Probes that have sent, acknowledged and read 100 records, and read the cluster every second. */
    final class FakeProbes implements Probes {
        final History history;
        final Consumer<ClusterSnapshot> readings;
        final List<String> groupCalls = new ArrayList<>();
        int crashedSlot = -1;
        boolean closed;

        FakeProbes(ProbeSettings settings, UUID runId, Consumer<ClusterSnapshot> readings) {
            this.history = new History(runId, time.instant(), 0, new long[settings.partitions()], 20, 5_000);
            this.readings = readings;
            GroupMember member = history.groupMember(0);
            List<long[]> processed = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int p = i % settings.partitions();
                long seq = history.nextSequence(p, 0);
                history.acked(p, seq, seq, 0, 1_000);
                history.read(p, seq, seq, -1, 0);
                processed.add(new long[] {p, seq});
            }
            if (settings.group() != null && kafka.groupJoinsAfter != null) {
                time.at(time.instant().plus(kafka.groupJoinsAfter), () -> processed.forEach(r ->
                        history.groupProcessed(member, (int) r[0], r[1], r[1], -1, 0)));
            }
            sampleEverySecondFrom(time.instant());
        }

        /** The cluster probe: a failed reading is only logged by the real one, and skipped here. */
        private void sampleEverySecondFrom(Instant at) {
            time.at(at, () -> {
                if (!closed) {
                    try {
                        sampleCluster();
                    } catch (IllegalStateException failed) {
                        // as ProbeSession's cluster probe: the next reading is a second away
                    }
                    sampleEverySecondFrom(at.plusSeconds(1));
                }
            });
        }

        @Override
        public History history() {
            return history;
        }

        @Override
        public ClusterSnapshot sampleCluster() {
            ClusterSnapshot reading = kafka.cluster.apply(time.instant());
            history.cluster(new History.ClusterSample(history.msSinceStart(reading.at()), reading.healthy(),
                    String.join("; ", reading.problems()), reading.controller(), reading.offline(), Map.of()));
            readings.accept(reading);
            return reading;
        }

        @Override
        public void stopProducing() {
            history.producingEnded(history.msSinceStart(time.instant()));
        }

        @Override
        public boolean drain() {
            return true;
        }

        @Override
        public ProbeStats stats() {
            return null;
        }

        @Override
        public CrashedMember crashGroupMember(Integer slot, Random random) {
            crashedSlot = slot != null ? slot : random.nextInt(3);
            groupCalls.add("crash slot " + crashedSlot + " at " + time.instant());
            return new CrashedMember(crashedSlot, 3 + crashedSlot);
        }

        @Override
        public void replaceGroupMember(int slot) {
            groupCalls.add("new member in slot " + slot + " at " + time.instant());
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
