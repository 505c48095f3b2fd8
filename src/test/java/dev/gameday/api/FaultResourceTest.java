package dev.gameday.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.gameday.docker.ContainerInfo;
import dev.gameday.docker.ContainerRuntime;
import dev.gameday.docker.ContainerState;
import dev.gameday.docker.RecordingRuntime;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ad-hoc fault endpoints, on a recording fake Docker. */
@QuarkusTest
class FaultResourceTest {

    @BeforeEach
    void operator() {
        ApiCredentials.asOperator();
    }

    RecordingRuntime runtime;

    @BeforeEach
    void fakeDocker() {
        runtime = new RecordingRuntime();
        runtime.add(new ContainerInfo("id-b1", "gdtest-kafka-1", ContainerState.RUNNING, 0,
                Map.of("gameday.target", "true", "gameday.cluster", "gdtest", "gameday.kafka.node-id", "1"), Map.of(), 0, 0));
        runtime.add(new ContainerInfo("id-db", "postgres", ContainerState.RUNNING, 0, Map.of(), Map.of(), 0, 0));
        QuarkusMock.installMockForType(runtime, ContainerRuntime.class);
    }

    @Test
    void aFaultIsInjectedListedAndRevertedOverHttp() {
        String location = given().contentType(ContentType.JSON)
                .body("{\"fault\": \"pause\", \"target\": {\"name\": \"gdtest-kafka-1\"}, \"duration\": \"5m\"}")
                .when().post("/api/faults")
                .then().statusCode(201)
                .body("fault", equalTo("pause"))
                .body("effects[0].containerName", equalTo("gdtest-kafka-1"))
                .extract().header("Location");

        given().when().get("/api/faults").then().statusCode(200).body("$", hasSize(1));
        given().when().delete(location).then().statusCode(200).body("fault", equalTo("pause"));
        given().when().get(location).then().statusCode(404).body("code", equalTo("not-found"));
        given().when().delete(location).then().statusCode(404);

        assertThat(runtime.calls()).containsExactly("pause id-b1", "unpause id-b1");
    }

    @Test
    void anUnknownFaultTypeIsRefusedNamingTheKnownOnes() {
        given().contentType(ContentType.JSON)
                .body("{\"fault\": \"kil\", \"target\": {\"name\": \"gdtest-kafka-1\"}}")
                .when().post("/api/faults")
                .then().statusCode(400)
                .body("code", equalTo("invalid"))
                .body("message", containsString("fault: unknown fault type 'kil' (known: kill, stop, restart, pause"));
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void aFaultOnARunsOwnProbesCannotBeInjectedByHand() {
        given().contentType(ContentType.JSON)
                .body("{\"fault\": \"consumer-crash\"}")
                .when().post("/api/faults")
                .then().statusCode(400)
                .body("message", equalTo("fault: consumer-crash acts on a run's own probes; only a step of an "
                        + "experiment can apply it"));
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void aContainerOutsideTheAllowListIsRefusedNamingIt() {
        given().contentType(ContentType.JSON)
                .body("{\"fault\": \"kill\", \"target\": {\"name\": \"postgres\"}, \"duration\": \"10s\"}")
                .when().post("/api/faults")
                .then().statusCode(400)
                .body("message", containsString("container postgres (id id-db) does not carry the allow-list label"));
        assertThat(runtime.calls()).isEmpty();
    }

    @Test
    void aBadDurationNamesTheField() {
        given().contentType(ContentType.JSON)
                .body("{\"fault\": \"pause\", \"target\": {\"name\": \"gdtest-kafka-1\"}, \"duration\": \"5 minutes\"}")
                .when().post("/api/faults")
                .then().statusCode(400)
                .body("message", containsString("duration"))
                .body("message", containsString("bad duration '5 minutes'"));
    }
}
