package dev.gameday.monitoring;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gameday.lab.LabTopics;
import dev.gameday.api.ApiCredentials;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.fault.ActiveFault;
import dev.gameday.fault.FaultInjector;
import dev.gameday.fault.FaultRequest;
import dev.gameday.fault.KillFault;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabProfile;
import dev.gameday.lab.LabResource;
import dev.gameday.target.TargetSelector;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The monitoring proven against a real Prometheus (Debian's package) scraping the real lab and the
 * service with the project's own configuration and rules: after an experiment, every expression
 * of every dashboard returns at least one series; a broker kill fires BrokerDown and
 * UnderReplicatedPartitions, which resolve after recovery.
 */
@QuarkusTest
@WithTestResource(LabResource.class)
@TestProfile(LabProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-it");

    @BeforeEach
    void operator() {
        ApiCredentials.asOperator();
    }


    private static PrometheusUnderTest prometheus;

    private final Lab lab = Lab.get();

    @Inject
    FaultInjector injector;

    /** Prometheus on the project's configuration, scraping the test lab's brokers and this service. */
    private static synchronized PrometheusUnderTest prometheus() throws IOException {
        if (prometheus == null) {
            List<String> brokers = new ArrayList<>();
            List<Map<String, String>> labels = new ArrayList<>();
            for (int node = 1; node <= 3; node++) {
                brokers.add("127.0.0.1:" + (Lab.FIRST_METRICS_PORT + node - 1));
                labels.add(Map.of("node_id", String.valueOf(node)));
            }
            prometheus = PrometheusUnderTest.start(Map.of(
                    "kafka.yml", PrometheusUnderTest.targets(brokers, labels),
                    "gameday.yml", PrometheusUnderTest.targets(List.of("127.0.0.1:" + RestAssured.port), null)));
        }
        return prometheus;
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    @Order(1)
    void afterAnExperimentEveryDashboardExpressionReturnsASeries() throws Exception {
        PrometheusUnderTest prometheus = prometheus();
        String location = given().when().post("/api/experiments/quick-throttle/runs").then().statusCode(202)
                .extract().header("Location");
        Awaitility.await("the experiment ended").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !"RUNNING".equals(given().get(location).then().extract().path("status")));
        Awaitility.await("Prometheus has the run's metrics and the probe's lag")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !prometheus.series("gameday_experiment_last_passed").isEmpty()
                        && !prometheus.series("gameday_consumer_group_lag").isEmpty()
                        && !prometheus.series("rate(kafka_server_brokertopicmetrics_messagesin_total[1m])").isEmpty());

        // the integrations profile's dashboard is checked by IntegrationsLabIT, on a lab that has it
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<Path, JsonNode> dashboard : PrometheusUnderTest.dashboards(false).entrySet()) {
            for (String expression : PrometheusUnderTest.expressions(dashboard.getValue())) {
                checked++;
                if (prometheus.series(expression).isEmpty()) {
                    empty.add(dashboard.getKey() + ": " + expression);
                }
            }
        }
        System.out.printf("[monitoring] %d dashboard expressions evaluated against Prometheus, %d empty%n",
                checked, empty.size());
        assertThat(checked).isGreaterThan(50);
        assertThat(empty).as("expressions without a series").isEmpty();
    }

    @Test
    @Order(2)
    void aKilledBrokerFiresBrokerDownAndUnderReplicatedWhichResolveAfterRecovery() throws Exception {
        PrometheusUnderTest prometheus = prometheus();
        ActiveFault kill = injector.inject(new FaultRequest("monitoring-it", "monitoring-it", 1, new KillFault(null),
                TargetSelector.broker(3), Duration.ofMinutes(4), new Random(1)));
        try {
            Awaitility.await("BrokerDown and UnderReplicatedPartitions firing")
                    .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> prometheus.firing().containsAll(Set.of("BrokerDown", "UnderReplicatedPartitions")));
        } finally {
            injector.revert(kill.id(), "test");
        }
        Awaitility.await("both alerts resolved").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !prometheus.alerts().contains("BrokerDown")
                        && !prometheus.alerts().contains("UnderReplicatedPartitions"));
    }
}
