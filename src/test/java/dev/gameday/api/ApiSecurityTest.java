package dev.gameday.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.RecordingRuntime;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may use the API: reading needs viewer, changing anything needs operator; probes stay open. */
@QuarkusTest
@TestProfile(ApiTest.Profile.class) // the same application as ApiTest: one start for both
class ApiSecurityTest {

    @BeforeEach
    void operator() {
        ApiCredentials.asOperator();
    }

    @BeforeEach
    void fakeDocker() {
        RecordingRuntime runtime = new RecordingRuntime();
        runtime.add(new ContainerInfo("id-db", "postgres", ContainerState.RUNNING, 0, Map.of(), Map.of(), 0, 0));
        QuarkusMock.installMockForType(runtime, ContainerRuntime.class);
    }

    static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password);
    }

    @Test
    void withoutCredentialsTheApiIs401AndTheProbesStayOpen() {
        given().auth().none().when().get("/api/experiments").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsStringIgnoringCase("basic"));
        given().auth().none().when().post("/api/experiments/pause-by-name/runs").then().statusCode(401);
        given().auth().none().when().get("/q/health/live").then().statusCode(200);
        given().auth().none().when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void aWrongPasswordIs401() {
        as(ApiCredentials.OPERATOR, "guess").when().get("/api/experiments").then().statusCode(401);
        as("nobody", "guess").when().get("/api/experiments").then().statusCode(401);
    }

    @Test
    void aViewerReadsButCannotTriggerAnything() {
        as(ApiCredentials.VIEWER, ApiCredentials.VIEWER_PASSWORD).when().get("/api/experiments").then().statusCode(200);
        as(ApiCredentials.VIEWER, ApiCredentials.VIEWER_PASSWORD).when().post("/api/experiments/pause-by-name/runs")
                .then().statusCode(403);
        as(ApiCredentials.VIEWER, ApiCredentials.VIEWER_PASSWORD).when().post("/api/experiments/reload")
                .then().statusCode(403);
        as(ApiCredentials.VIEWER, ApiCredentials.VIEWER_PASSWORD).when().delete("/api/faults/x").then().statusCode(403);
    }

    @Test
    void anOperatorTriggersARun() {
        as(ApiCredentials.OPERATOR, ApiCredentials.OPERATOR_PASSWORD).when().post("/api/experiments/pause-by-name/runs")
                .then().statusCode(202).header("Location", containsString("/api/runs/"));
    }

    @Test
    void aDefinitionTargetingAContainerOutsideTheAllowListIs400NamingIt() {
        as(ApiCredentials.OPERATOR, ApiCredentials.OPERATOR_PASSWORD)
                .config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT)))
                .contentType("application/yaml")
                .body("name: db\nsteps:\n  - fault: kill\n    target: { name: postgres }\n    duration: 10s\n")
                .when().post("/api/experiments/validate")
                .then().statusCode(400)
                .body("errors[0]", containsString("request:4: steps[0].target.name: container postgres (id id-db) "
                        + "does not carry the allow-list label gameday.target=true"));
    }
}
