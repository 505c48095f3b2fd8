package dev.gameday.docker;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(DockerReadinessTest.UnreachableDocker.class)
class DockerReadinessTest {

    public static class UnreachableDocker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gameday.docker.host", "unix:///nonexistent/docker.sock",
                    "gameday.kafka.bootstrap-servers", "127.0.0.1:9",
                    "gameday.kafka.request-timeout", "1s");
        }
    }

    @Test
    void readyIsDownNamingTheDockerEndpointWhenItDoesNotAnswer() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("checks.find { it.name == 'docker' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'docker' }.data.endpoint", equalTo("unix:///nonexistent/docker.sock"))
                .body("checks.find { it.name == 'docker' }.data.error",
                        containsString("Docker at unix:///nonexistent/docker.sock did not answer"));
    }
}
