package dev.gameday.kafka;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ReadinessTest.UnreachableKafka.class)
class ReadinessTest {

    public static class UnreachableKafka implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // port 9 (discard) on loopback: nothing listens there
            return Map.of("gameday.kafka.bootstrap-servers", "127.0.0.1:9",
                    "gameday.kafka.request-timeout", "1s");
        }
    }

    @Test
    void readyIsDownNamingKafkaWhenTheBootstrapServersAreUnreachable() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'kafka' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'kafka' }.data.error", containsString("Kafka at 127.0.0.1:9"));
    }

    @Test
    void livenessDoesNotDependOnTheCluster() {
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
