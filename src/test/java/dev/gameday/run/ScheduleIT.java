package dev.gameday.run;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gameday.lab.LabTopics;
import dev.gameday.api.ApiCredentials;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.lab.LabProfile;
import dev.gameday.lab.LabResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A cron schedule every 5 s fires a run of an experiment that lasts longer than that: the run is
 * recorded, and the firings that would overlap it are recorded as SKIPPED.
 */
@QuarkusTest
@WithTestResource(LabResource.class)
@TestProfile(LabProfile.class)
class ScheduleIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-it");

    @BeforeEach
    void operator() {
        ApiCredentials.asOperator();
    }


    @AfterEach
    void pauseSchedules() {
        given().when().post("/api/schedules/pause").then().statusCode(200);
        // a run still waiting for a healthy cluster would hold the next test up to its steady-state timeout
        for (String id : given().when().get("/api/runs?verdict=running&experiment=quick-throttle").then().extract()
                .jsonPath().getList("id", String.class)) {
            given().when().post("/api/runs/" + id + "/abort");
        }
        Awaitility.await("the last scheduled run ended").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> given().when().get("/api/runs?verdict=running&experiment=quick-throttle").then().extract()
                        .jsonPath().getList("$").isEmpty());
    }

    private final String since = java.time.Instant.now().toString();

    @Test
    void aScheduledRunIsRecordedAndAnOverlappingFiringIsSkipped() {
        given().when().post("/api/schedules/resume").then().statusCode(200); // the profile starts them paused
        given().when().get("/api/schedules").then().statusCode(200)
                .body("schedules.name", org.hamcrest.Matchers.hasItem("quick-throttle"));

        Awaitility.await("a scheduled run that passed, and a skipped firing")
                .atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> statuses().contains("PASS") && statuses().contains("SKIPPED"));

        var skipped = given().when().get("/api/runs?experiment=quick-throttle&verdict=skipped&since=" + since)
                .then().statusCode(200)
                .extract().jsonPath();
        assertThat(skipped.getString("[0].trigger")).isEqualTo("schedule");
        assertThat(skipped.getString("[0].reasons[0]")).startsWith("skipped: run ").contains("is in progress");
    }

    private List<String> statuses() {
        return given().when().get("/api/runs?experiment=quick-throttle&since=" + since).then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.trigger == 'schedule' }.status", String.class);
    }
}
