package dev.gameday.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.RecordingRuntime;
import dev.gameday.target.AdminKafkaRoles;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP surface without a cluster: the catalog, validation, dry runs, lookups, errors. Docker is
 * a recording fake; runs against the real lab are in the *IT tests.
 */
@QuarkusTest
@TestProfile(ApiTest.Profile.class)
class ApiTest {

    @BeforeEach
    void operator() {
        ApiCredentials.asOperator();
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gameday.experiments.dir", "src/test/resources/experiments-api",
                    "gameday.kafka.bootstrap-servers", "127.0.0.1:9",
                    "gameday.kafka.request-timeout", "1s");
        }
    }

    RecordingRuntime runtime;

    /** A request with a YAML body. */
    static RequestSpecification yaml() {
        return given().config(RestAssured.config().encoderConfig(
                        EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT)))
                .contentType("application/yaml");
    }

    @BeforeEach
    void fakeDocker() {
        runtime = new RecordingRuntime();
        runtime.add(new ContainerInfo("id-b1", "gdtest-kafka-1", ContainerState.RUNNING, 0,
                Map.of("gameday.target", "true", "gameday.cluster", "gdtest", "gameday.kafka.node-id", "1"), Map.of(), 0, 0));
        QuarkusMock.installMockForType(runtime, ContainerRuntime.class);
    }

    @Test
    void theCatalogIsListedAndAnUnknownExperimentIs404() {
        given().when().get("/api/experiments").then().statusCode(200)
                .body("name", hasItem("pause-by-name"));
        given().when().get("/api/experiments/pause-by-name").then().statusCode(200)
                .body("definition.steps[0].fault", equalTo("pause"))
                .body("definition.steps[0].duration", equalTo("10s"));
        given().when().get("/api/experiments/nope").then().statusCode(404)
                .body("code", equalTo("not-found"))
                .body("message", equalTo("no experiment 'nope' (known: pause-by-name)"));
    }

    @Test
    void anInvalidDefinitionIsRefusedWithItsLine() {
        String yaml = """
                name: broken
                steps:
                  - fault: pause
                    target: { role: broker }
                    duration: 10s
                  - fault: kil
                    target: { role: broker, id: 1 }
                """;
        yaml().body(yaml).when().post("/api/experiments/validate")
                .then().statusCode(400)
                .body("code", equalTo("invalid"))
                .body("errors", contains("request:6: steps[1].fault: unknown fault type 'kil' (known: kill, stop, "
                        + "restart, pause, isolate, partition, block-ports, cpu-throttle, bandwidth, latency, loss, "
                        + "rolling-restart, consumer-crash)"));
        yaml().body(yaml.replace("kil", "kill").replace("id: 1 }", "id: 1 }\n    duration: 5s"))
                .when().post("/api/experiments/validate")
                .then().statusCode(400)
                .body("errors", contains("request:4: steps[0].target.id: role broker needs the broker's node id"));
        yaml().body("name: x\nsteps: [\n").when().post("/api/experiments/validate")
                .then().statusCode(400).body("errors[0]", containsString("request:2: malformed YAML: while parsing a flow node"));
    }

    @Test
    void aValidDefinitionValidates() {
        yaml()
                .body("name: fine\nsteps:\n  - fault: kill\n    target: { role: random-broker }\n    duration: 5s\n")
                .when().post("/api/experiments/validate")
                .then().statusCode(200).body("valid", equalTo(true)).body("loaded", contains("fine"));
    }

    @Test
    void aDefinitionDockerOrTheClusterWouldRefuseIsRefusedNamingTheField() {
        QuarkusMock.installMockForType(new AdminKafkaRoles(null, null) { // the mock of a bean must be of its class
            @Override
            public List<Integer> registeredBrokerIds() {
                return List.of(1, 2, 3);
            }
        }, AdminKafkaRoles.class);
        yaml().body("""
                        name: elsewhere
                        steps:
                          - fault: pause
                            target: { name: gdtest-kafka-9 }
                            duration: 10s
                          - fault: kill
                            target: { role: broker, id: 7 }
                            at: 20s
                            duration: 5s
                        """)
                .when().post("/api/experiments/validate")
                .then().statusCode(400)
                .body("errors", contains("request:4: steps[0].target.name: container gdtest-kafka-9 does not exist",
                        "request:7: steps[1].target.id: the cluster has no broker 7 (its brokers: [1, 2, 3])"));
    }

    @Test
    void aDryRunOfAnExperimentDockerWouldRefuseIsRefused() {
        QuarkusMock.installMockForType(new RecordingRuntime(), ContainerRuntime.class);
        given().when().post("/api/experiments/pause-by-name/runs?dryRun=true")
                .then().statusCode(400)
                .body("message", equalTo("experiment pause-by-name would not run here: steps[0].target.name: "
                        + "container gdtest-kafka-1 does not exist"));
    }

    @Test
    void aDryRunResolvesTargetsAndMakesNoDockerCall() {
        given().when().post("/api/experiments/pause-by-name/runs?dryRun=true&seed=7")
                .then().statusCode(200)
                .body("seed", equalTo(7))
                .body("steps[0].containers", contains("gdtest-kafka-1"))
                .body("steps[0].effects", contains("paused on gdtest-kafka-1"));
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void runsAreLookedUpAndUnknownOnesAre404() {
        given().when().get("/api/runs").then().statusCode(200);
        given().when().get("/api/runs/no-such-run").then().statusCode(404).body("message", equalTo("no run no-such-run"));
        given().when().post("/api/runs/no-such-run/abort").then().statusCode(404);
        given().when().get("/api/runs?verdict=maybe").then().statusCode(400)
                .body("message", containsString("verdict: 'maybe' is none of"));
        given().when().get("/api/runs?since=yesterday").then().statusCode(400)
                .body("message", containsString("since: 'yesterday' is not an ISO-8601 instant"));
    }

    @Test
    void suitesAreListedAndAnUnknownOneIs404() {
        given().when().get("/api/suites").then().statusCode(200).body("name", hasItem("api-suite"));
        given().when().post("/api/suites/nope/runs").then().statusCode(404)
                .body("message", equalTo("no suite 'nope' (known: api-suite)"));
        given().when().get("/api/suite-runs/nope").then().statusCode(404);
    }

    @Test
    void schedulesPauseAndResume() {
        given().when().post("/api/schedules/pause").then().statusCode(200).body("paused", equalTo(true));
        given().when().get("/api/schedules").then().statusCode(200).body("paused", equalTo(true));
        given().when().post("/api/schedules/resume").then().statusCode(200).body("paused", equalTo(false));
    }

    @Test
    void aBodyTooLargeIsRefused() {
        yaml().body("x".repeat(300 * 1024)).when().post("/api/experiments/validate")
                .then().statusCode(413);
    }

    @Test
    void theReloadReportsWhatLoaded() {
        given().when().post("/api/experiments/reload").then().statusCode(200)
                .body("valid", equalTo(true)).body("loaded", hasItem("pause-by-name"));
    }

    @Test
    void theApiIsDocumented() {
        given().accept(ContentType.JSON).when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/experiments/{name}/runs"))
                .body("paths", hasKey("/api/runs/{id}/abort"))
                .body("paths", hasKey("/api/suites/{name}/runs"));
    }
}
