package dev.gameday.run;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gameday.lab.LabTopics;
import dev.gameday.api.ApiCredentials;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.gameday.lab.Lab;
import dev.gameday.lab.LabProfile;
import dev.gameday.lab.LabResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs over HTTP on the real lab: 202 and Location, 409 while one runs, abort during a fault. */
@QuarkusTest
@WithTestResource(LabResource.class)
@TestProfile(LabProfile.class)
public class RunApiIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-it");

    @BeforeEach
    void operator() {
        ApiCredentials.asOperator();
    }


    /** Taken before any fault: Lab.get() waits for a settled cluster, which a paused broker is not. */
    private final Lab lab = Lab.get();

    @Test
    void aRunAbortedDuringItsFaultRevertsItAndEndsAborted() {
        String location = given().when().post("/api/experiments/long-pause/runs")
                .then().statusCode(202)
                .body("status", equalTo("RUNNING"))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        given().when().post("/api/experiments/long-pause/runs").then().statusCode(409)
                .body("code", equalTo("conflict"))
                .body("message", containsString("run " + id + " of experiment long-pause is in progress"));

        Awaitility.await("the pause applied").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> "applied".equals(run(id).getString("steps[0].outcome")));
        String broker = lab.containerOfNode(3);
        assertThat(state(broker)).isEqualTo("paused");

        given().when().post("/api/runs/" + id + "/abort").then().statusCode(202);
        assertThat(state(broker)).as("reverted by the abort itself").isEqualTo("running");

        Awaitility.await("the run ended").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !"RUNNING".equals(run(id).getString("status")));
        JsonPath ended = run(id);
        assertThat(ended.getString("status")).isEqualTo("ABORTED");
        assertThat(ended.getList("reasons", String.class)).contains("aborted over HTTP");
        assertThat(ended.getString("steps[0].revertedAt")).isNotNull();
        assertThat(ended.getList("steps[0].targets", String.class)).containsExactly(broker);
        assertThat(ended.getLong("measured.sent")).isPositive();
        assertThat(ended.getLong("measured.lostWrites")).isZero();

        given().when().post("/api/runs/" + id + "/abort").then().statusCode(409)
                .body("message", equalTo("run " + id + " has already ended (aborted); only a running run can be aborted"));
        given().when().get("/api/runs?experiment=long-pause&verdict=aborted").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(id));
    }

    private static JsonPath run(String id) {
        return given().when().get("/api/runs/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String state(String container) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", container).strip();
    }
}
