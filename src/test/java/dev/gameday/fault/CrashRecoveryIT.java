package dev.gameday.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.lab.Lab;
import dev.gameday.lab.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, run as its own process, is SIGKILLed while a 10-minute pause is active.
 * Started again, it must find the pause in its journal and revert it within 10 seconds, before
 * anything slow in its start-up (the database, Kafka clients).
 */
class CrashRecoveryIT {

    private final Lab lab = Lab.get();
    private final String broker = lab.containerOfNode(3);

    @AfterEach
    void unpauseIfTheTestFailed() {
        if (state(broker).equals("paused")) {
            Lab.Docker.output(Duration.ofSeconds(20), "unpause", broker);
        }
    }

    @Test
    void aServiceKilledDuringAPauseUnpausesTheBrokerWithinTenSecondsOfRestarting() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "crash-");
        try (ServiceProcess service = new ServiceProcess(data, Map.of(), Map.of())) {
            service.start().awaitLive();
            HttpResponse<String> injected = service.post("/api/faults",
                    "{\"fault\": \"pause\", \"target\": {\"role\": \"broker\", \"id\": 3}, \"duration\": \"10m\"}");
            assertThat(injected.statusCode()).as(injected.body()).isEqualTo(201);
            assertThat(state(broker)).isEqualTo("paused");

            assertThat(service.kill()).isEqualTo(137); // SIGKILL: no shutdown hook, no revert
            assertThat(state(broker)).isEqualTo("paused");

            long restartedAt = System.nanoTime();
            service.start();
            Awaitility.await("broker unpaused by the restarted service").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> state(broker).equals("running"));
            System.out.printf("[crash-recovery] broker unpaused %d ms after the service was started again%n",
                    (System.nanoTime() - restartedAt) / 1_000_000);
            // before Quarkus and the database, not after them: the service says how long after its process started
            Pattern line = Pattern.compile("start-up rollback: 1 of 1 open fault\\(s\\) reverted (\\d+) ms after the process "
                    + "started");
            Path log = data.resolve("service-2.log");
            Awaitility.await("the start-up rollback's line, then the database opened").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> {
                        String text = Files.readString(log);
                        Matcher rollback = line.matcher(text);
                        assertThat(rollback.find()).as("the start-up rollback's line in:%n%s", text).isTrue();
                        assertThat(text).contains("Flyway");
                        assertThat(text.indexOf(rollback.group())).as("reverted before the database was opened")
                                .isLessThan(text.indexOf("Flyway"));
                    });
            Matcher rollback = line.matcher(Files.readString(log));
            assertThat(rollback.find()).isTrue();
            System.out.printf("[crash-recovery] the restarted service reverted the pause %s ms after its process started%n",
                    rollback.group(1));
            // the service is still running here: the journal line follows the unpause call's answer, and
            // closing the process too early would kill it in between
            Awaitility.await("the revert in the journal").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(Files.readString(data.resolve("fault-journal.jsonl")))
                            .contains("\"state\":\"ACTIVE\"")
                            .contains("\"state\":\"REVERTED\"")
                            .contains("reverted at start-up: the service had stopped while it was ACTIVE"));
        }
    }

    private static String state(String container) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", container).strip();
    }
}
