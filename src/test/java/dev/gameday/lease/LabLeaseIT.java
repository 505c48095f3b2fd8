package dev.gameday.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabTopics;
import dev.gameday.lab.Leftovers;
import dev.gameday.lab.ServiceProcess;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two packaged services pointed at one lab (their own data directories, so their own ids): while the
 * first breaks it, the second refuses to inject, over the API and in a run, naming the first (its id,
 * host and since when), and can once the first has given its lease back, or once the lease of a first
 * that was killed has run out (a ttl of 15 s here).
 */
class LabLeaseIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-it");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAUSE_BROKER_3 =
            "{\"fault\": \"pause\", \"target\": {\"role\": \"broker\", \"id\": 3}, \"duration\": \"2m\"}";
    private static final Map<String, String> CONFIG = Map.of(
            "gameday.experiments.dir", Lab.projectDir().resolve("src/test/resources/experiments-it").toString(),
            "gameday.schedules.paused", "true",
            "gameday.lease.ttl", "15s");

    private final Lab lab = Lab.get();
    private final String lease = "gameday-lease-" + lab.name();

    @AfterEach
    void unpauseIfTheTestFailed() {
        String broker = lab.containerOfNode(3);
        if (Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", broker).strip().equals("paused")) {
            Lab.Docker.output(Duration.ofSeconds(20), "unpause", broker);
        }
    }

    @Test
    void aSecondServiceRefusesToBreakALabTheFirstIsBreakingNamingItUntilItsLeaseEnds() throws Exception {
        Path first = Files.createTempDirectory(Path.of("target"), "lease-first-");
        Path second = Files.createTempDirectory(Path.of("target"), "lease-second-");
        try (ServiceProcess a = new ServiceProcess(lab, first, CONFIG, Map.of());
             ServiceProcess b = new ServiceProcess(lab, second, CONFIG, Map.of())) {
            a.start();
            b.start();
            a.awaitLive();
            b.awaitLive();
            String idOfA = Files.readString(first.resolve("service-id")).strip();

            HttpResponse<String> injected = a.post("/api/faults", PAUSE_BROKER_3);
            assertThat(injected.statusCode()).as(injected.body()).isEqualTo(201);
            assertThat(label(lease, "gameday.lease.holder")).isEqualTo(idOfA);

            String quotaBefore = cpuQuota(lab.containerOfNode(2)); // 0 or -1: both unlimited, as earlier tests left it
            HttpResponse<String> refused = b.post("/api/faults",
                    "{\"fault\": \"cpu-throttle\", \"cpus\": 0.5, \"target\": {\"role\": \"broker\", \"id\": 2}, \"duration\": \"10s\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(JSON.readTree(refused.body()).path("message").asText())
                    .startsWith("lab " + lab.name() + " is being broken by another service: " + idOfA + " on host "
                            + InetAddress.getLocalHost().getHostName() + ", since ")
                    .endsWith("nothing was injected");
            assertThat(cpuQuota(lab.containerOfNode(2))).as("broker 2 not throttled").isEqualTo(quotaBefore);

            JsonNode ended = b.awaitEnd(b.startRun("quick-throttle"), Duration.ofMinutes(2));
            assertThat(ended.path("status").asText()).isEqualTo("ABORTED");
            assertThat(ended.path("reasons").get(0).asText()).startsWith("lab " + lab.name()
                    + " is being broken by another service: " + idOfA);

            String faultId = JSON.readTree(injected.body()).get("id").asText();
            assertThat(a.delete("/api/faults/" + faultId).statusCode()).isEqualTo(200);
            Awaitility.await("the lease given back").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !exists(lease));
            HttpResponse<String> now = b.post("/api/faults", PAUSE_BROKER_3);
            assertThat(now.statusCode()).as(now.body()).isEqualTo(201);

            assertThat(b.kill()).isEqualTo(137); // holding its lease, and its pause: the pause the journal reverts
            HttpResponse<String> whileItRuns = a.post("/api/faults", PAUSE_BROKER_3);
            assertThat(whileItRuns.statusCode()).as("the dead service's lease has not run out yet").isEqualTo(409);
            Lab.Docker.output(Duration.ofSeconds(20), "unpause", lab.containerOfNode(3)); // what b's restart would do
            Awaitility.await("the dead service's lease run out (ttl 15 s), the first injects again")
                    .atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> a.post("/api/faults", PAUSE_BROKER_3).statusCode() == 201);
            for (JsonNode fault : JSON.readTree(a.get("/api/faults").body())) {
                a.delete("/api/faults/" + fault.get("id").asText());
            }
            b.start().awaitLive(); // its journal still shows its pause open: reverted (a no-op now), closed
            new Leftovers(lab).awaitNone(second.resolve("fault-journal.jsonl"), Duration.ofSeconds(30));
        }
    }

    private static String label(String container, String label) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{index .Config.Labels \"" + label + "\"}}",
                container).strip();
    }

    private static String cpuQuota(String container) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.HostConfig.CpuQuota}}", container).strip();
    }

    private static boolean exists(String container) {
        return !Lab.Docker.output(Duration.ofSeconds(10), "ps", "-aq", "--filter", "name=^" + container + "$").isBlank();
    }
}
