package dev.gameday.run;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gameday.lab.LabTopics;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.lab.ServiceProcess;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The packaged service keeps its history across a restart, on H2 (the default) and on PostgreSQL:
 * a run, its verdict and figures, and the last-run metrics the dashboards read.
 */
class RestartIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-it");

    private static final Map<String, String> EXPERIMENTS = Map.of(
            "gameday.experiments.dir", "src/test/resources/experiments-it",
            "gameday.schedules.paused", "true");

    @Test
    void historySurvivesARestartOnH2() throws Exception {
        survivesARestart(Map.of());
    }

    @Test
    void historySurvivesARestartOnPostgres() throws Exception {
        survivesARestart(Map.of("QUARKUS_PROFILE", "prod,postgresql", "GAMEDAY_DB_URL", PostgresResource.jdbcUrl(),
                "GAMEDAY_DB_USER", PostgresResource.USER, "GAMEDAY_DB_PASSWORD", PostgresResource.PASSWORD));
    }

    private void survivesARestart(Map<String, String> environment) throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "restart-");
        try (ServiceProcess service = new ServiceProcess(data, EXPERIMENTS, environment)) {
            service.start().awaitLive();
            HttpResponse<String> started = service.post("/api/experiments/quick-throttle/runs", "");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            String id = JsonPath.from(started.body()).getString("id");
            Awaitility.await("run ended").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !JsonPath.from(service.get("/api/runs/" + id).body()).getString("status").equals("RUNNING"));
            JsonPath before = JsonPath.from(service.get("/api/runs/" + id).body());
            assertThat(before.getString("status")).as(before.prettify()).isEqualTo("PASS");

            service.stop();
            service.start().awaitLive();

            JsonPath after = JsonPath.from(service.get("/api/runs/" + id).body());
            assertThat(after.getString("status")).isEqualTo("PASS");
            assertThat(after.getLong("measured.acknowledged")).isEqualTo(before.getLong("measured.acknowledged"));
            assertThat(after.getList("timeline")).hasSameSizeAs(before.getList("timeline"));
            assertThat(after.getString("steps[0].revertedAt")).isEqualTo(before.getString("steps[0].revertedAt"));
            assertThat(service.get("/q/metrics").body())
                    .contains("gameday_experiment_last_passed{experiment=\"quick-throttle\"} 1.0");
        }
    }
}
