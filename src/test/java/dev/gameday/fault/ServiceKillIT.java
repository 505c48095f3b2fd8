package dev.gameday.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.HaltPoints;
import dev.gameday.lab.KillTrial;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabTopics;
import dev.gameday.lab.Leftovers;
import dev.gameday.lab.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged service SIGKILLed in the middle of a run (experiments-kill: broker 3 paused), at each
 * named point of a run, where the test-only hook gameday.test.halt-at holds it (kill-pause-short, 3 s),
 * and at a random moment of kill-pause (20 s) whose seed is printed (-Dgameday.kill.seed=N replays it, -Dgameday.kill.count=N
 * draws N moments; bench/run.sh kills does 10): one per CI run, where each costs about 45 s, so that
 * the runs, each with its own seed, cover the moments between them. After each restart: every fault the journal showed open reverted within 10 s of the
 * process start, the run stored INTERRUPTED with the phase of its last checkpoint and counted in the
 * metrics, and nothing left on the lab, seen from outside.
 */
class ServiceKillIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-kill");

    static final Map<String, String> CONFIG = Map.of(
            "gameday.experiments.dir", Lab.projectDir().resolve("src/test/resources/experiments-kill").toString(),
            "gameday.schedules.paused", "true");
    static final long TEN_SECONDS_MS = 10_000;

    private final Lab lab = Lab.get();
    private final Leftovers leftovers = new Leftovers(lab);

    @AfterEach
    void unpauseIfTheTestFailed() {
        String broker = lab.containerOfNode(3);
        if (Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", broker).strip().equals("paused")) {
            Lab.Docker.output(Duration.ofSeconds(20), "unpause", broker);
        }
    }

    /** The phase a run is in at each point, as its last checkpoint has it. */
    static String phaseAt(HaltPoints.Point point) {
        return switch (point) {
            case STEADY_STATE -> "steady-state";
            case JOURNAL_WRITTEN, MID_FAULT, MID_REVERT -> "faults";
            case DRAIN -> "drain";
        };
    }

    @ParameterizedTest(name = "killed at {0}")
    @EnumSource(HaltPoints.Point.class)
    void aServiceKilledAtANamedPointRevertsEveryFaultWithinTenSecondsAndStoresTheRunInterrupted(HaltPoints.Point point)
            throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "kill-" + point.label() + "-");
        try (ServiceProcess service = new ServiceProcess(lab, data, CONFIG, Map.of())) { // lab: settled already
            KillTrial.Outcome outcome = new KillTrial(service, lab).killDuring("kill-pause-short",
                    Map.of("gameday.test.halt-at", point.label()), KillTrial.atHaltPoint(point));
            System.out.printf("[service-kill] %s: %s%n", point.label(), KillTrial.describe(outcome));

            String broker = lab.containerOfNode(3);
            switch (point) {
                case STEADY_STATE, DRAIN -> assertThat(outcome.openAtKill()).as("open faults at the kill").isEmpty();
                case JOURNAL_WRITTEN -> {
                    assertThat(outcome.openAtKill()).containsExactly("pause INJECTING");
                    assertThat(outcome.brokersAtKill()).as("the Docker call not made yet").containsEntry(broker, "running");
                }
                case MID_FAULT -> {
                    assertThat(outcome.openAtKill()).containsExactly("pause ACTIVE");
                    assertThat(outcome.brokersAtKill()).containsEntry(broker, "paused");
                }
                case MID_REVERT -> {
                    assertThat(outcome.openAtKill()).as("the journal does not say reverted yet").containsExactly("pause ACTIVE");
                    assertThat(outcome.brokersAtKill()).as("the unpause made").containsEntry(broker, "running");
                }
            }
            if (outcome.revertedMs() != null) {
                assertThat(outcome.revertedMs()).as("reverted, ms after the process started").isLessThanOrEqualTo(TEN_SECONDS_MS);
            }
            assertThat(outcome.brokersRunningMs()).as("every broker running, ms after the restart")
                    .isLessThanOrEqualTo(TEN_SECONDS_MS);
            assertInterrupted(outcome, phaseAt(point));
            assertThat(service.get("/q/metrics").body())
                    .contains("gameday_runs_total{experiment=\"kill-pause-short\",verdict=\"interrupted\"} 1.0");
            leftovers.awaitNone(data.resolve("fault-journal.jsonl"), Duration.ofSeconds(30));
            service.stop();
        }
    }

    @Test
    void aServiceKilledAtARandomMomentLeavesNothingBehind() throws Exception {
        long seed = Long.getLong("gameday.kill.seed", new Random().nextLong());
        System.out.printf("[service-kill] random moments, seed %d (replay: -Dgameday.kill.seed=%d)%n", seed, seed);
        Random random = new Random(seed);
        for (int kill = 1; kill <= Integer.getInteger("gameday.kill.count", 1); kill++) {
            Duration moment = KillTrial.randomMoment(random);
            lab.awaitSettled(Duration.ofMinutes(3));
            Path data = Files.createTempDirectory(Path.of("target"), "kill-random-");
            try (ServiceProcess service = new ServiceProcess(lab, data, CONFIG, Map.of())) {
                KillTrial.Outcome outcome = new KillTrial(service, lab).killDuring("kill-pause", Map.of(),
                        KillTrial.after(moment));
                System.out.printf("[service-kill] seed %d, kill %d: %s%n", seed, kill, KillTrial.describe(outcome));
                if (outcome.revertedMs() != null) {
                    assertThat(outcome.revertedMs()).as("seed %d kill %d: reverted, ms after the process started", seed,
                            kill).isLessThanOrEqualTo(TEN_SECONDS_MS);
                }
                assertThat(outcome.brokersRunningMs()).as("seed %d kill %d", seed, kill).isLessThanOrEqualTo(TEN_SECONDS_MS);
                if (!outcome.phase().startsWith("ended")) {
                    assertInterrupted(outcome, outcome.phase());
                }
                assertThat(outcome.status()).as("seed %d kill %d: never left RUNNING", seed, kill).isNotEqualTo("RUNNING");
                leftovers.awaitNone(data.resolve("fault-journal.jsonl"), Duration.ofSeconds(30));
                service.stop();
            }
        }
    }

    private static void assertInterrupted(KillTrial.Outcome outcome, String phase) {
        assertThat(outcome.status()).as(outcome.run().toPrettyString()).isEqualTo("INTERRUPTED");
        assertThat(outcome.run().path("phase").asText()).isEqualTo(phase);
        assertThat(outcome.lastReason()).startsWith("the service stopped while the run was in its " + phase
                + " phase, between its last checkpoint at ");
        assertThat(outcome.run().path("endedAt").isMissingNode()).as("ended at its last checkpoint").isFalse();
    }
}
