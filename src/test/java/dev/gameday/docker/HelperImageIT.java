package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabTopics;
import dev.gameday.lab.Leftovers;
import dev.gameday.lab.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A helper image the engine does not have (bad input; the engine's images are not touched: the
 * service is pointed at a name that does not exist): every injection is refused in one line that
 * names the image and what to do, and nothing changes on the lab.
 */
class HelperImageIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-it");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING = "kafka-gameday/no-such-helper:0";

    @Test
    void aMissingHelperImageIsRefusedInOneLineAndNothingIsInjected() throws Exception {
        Lab lab = Lab.get();
        Path data = Files.createTempDirectory(Path.of("target"), "helper-image-");
        try (ServiceProcess service = new ServiceProcess(lab, data, Map.of(
                "gameday.experiments.dir", Lab.projectDir().resolve("src/test/resources/experiments-it").toString(),
                "gameday.schedules.paused", "true",
                "gameday.docker.helper-image", MISSING), Map.of())) {
            service.start().awaitLive();
            String line = "has no image " + MISSING + " (gameday.docker.helper-image), which helper containers and the "
                    + "lab lease run: nothing was changed; build it with compose/images.sh, or set "
                    + "gameday.docker.helper-image to an image with bash, iptables and iproute2";

            HttpResponse<String> refused = service.post("/api/faults",
                    "{\"fault\": \"isolate\", \"target\": {\"role\": \"broker\", \"id\": 3}, \"duration\": \"30s\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).path("message").asText()).startsWith("the Docker engine at ")
                    .endsWith(line);

            JsonNode run = service.awaitEnd(service.startRun("long-pause"), Duration.ofMinutes(2));
            assertThat(run.path("status").asText()).isEqualTo("ABORTED");
            assertThat(run.path("reasons")).hasSize(1);
            assertThat(run.path("reasons").get(0).asText()).endsWith(line);
            assertThat(JSON.readTree(service.get("/api/faults").body())).isEmpty();
            new Leftovers(lab).awaitNone(data.resolve("fault-journal.jsonl"), Duration.ofSeconds(10));
        }
    }
}
