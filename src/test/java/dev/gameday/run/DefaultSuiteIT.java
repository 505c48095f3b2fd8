package dev.gameday.run;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gameday.lab.LabTopics;
import dev.gameday.api.ApiCredentials;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.lab.Lab;
import dev.gameday.lab.ProxiedLabResource;
import dev.gameday.monitoring.PrometheusUnderTest;
import io.restassured.RestAssured;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on the real lab: the default game-day suite of experiments/, triggered over HTTP,
 * passes; the run metrics of the contract show it; and a real Prometheus (Debian's package, the
 * project's configuration) scraping the lab and this service during the suite has a series for every
 * expression of every dashboard. The dashboards ride along with the suite, which runs anyway: a run of
 * their own cost MonitoringIT a minute.
 */
@QuarkusTest
@WithTestResource(ProxiedLabResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DefaultSuiteIT {

    private static PrometheusUnderTest prometheus;
    private static Instant suiteStarted;
    private static Instant suiteEnded;

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-probe");

    @BeforeEach
    void operator() {
        ApiCredentials.asOperator();
    }

    static final List<String> EXPERIMENTS = List.of("leader-kill", "controller-kill", "broker-pause", "leader-isolated",
            "controller-port-block", "minority-partition", "rolling-restart", "two-of-three-down", "cpu-throttled-broker");

    @Test
    @Order(1)
    void theDefaultSuitePassesOnTheLabAndItsMetricsSaySo() throws Exception {
        prometheus = PrometheusUnderTest.scrapingTheLabAndTheService(RestAssured.port);
        suiteStarted = Instant.now();
        String location = given().when().post("/api/suites/default/runs").then().statusCode(202)
                .extract().header("Location");

        Awaitility.await("the default suite ended").atMost(Duration.ofMinutes(25)).pollInterval(Duration.ofSeconds(5))
                .until(() -> !"RUNNING".equals(given().when().get(location).then().statusCode(200).extract().jsonPath()
                        .getString("status")));
        suiteEnded = Instant.now();

        JsonPath suite = given().when().get(location).then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < EXPERIMENTS.size(); i++) {
            System.out.printf("[default-suite] %-22s %-5s unavailability %6s ms, recovery %6s ms, acked %s, lost %s %s%n",
                    suite.getString("runs[" + i + "].experiment"), suite.getString("runs[" + i + "].status"),
                    suite.getString("runs[" + i + "].measured.unavailabilityMs"),
                    suite.getString("runs[" + i + "].measured.recoveryMs"),
                    suite.getString("runs[" + i + "].measured.acknowledged"),
                    suite.getString("runs[" + i + "].measured.lostWrites"), suite.getList("runs[" + i + "].reasons"));
        }
        assertThat(suite.getList("runs.experiment", String.class)).containsExactlyElementsOf(EXPERIMENTS);
        assertThat(suite.getList("runs.status", String.class)).as(suite.prettify()).containsOnly("PASS");
        assertThat(suite.getString("status")).isEqualTo("PASS");
        assertThat(suite.getList("runs.measured.lostWrites", Integer.class)).containsOnly(0);
        // the SIGKILL was felt: the leader's partitions went without acks until they moved (ProbeIT's
        // own SIGKILL test, the same promise without the runner, was folded into this one)
        int leaderKill = EXPERIMENTS.indexOf("leader-kill");
        assertThat(suite.getLong("runs[" + leaderKill + "].measured.unavailabilityMs")).isPositive();
        assertThat(suite.getLong("runs[" + leaderKill + "].measured.acknowledged")).isGreaterThan(3_000);
        // every call of the suite went through the socket proxy over mutual TLS, which refused none
        List<String> requests = ProxiedLabResource.requests();
        assertThat(requests).anyMatch(request -> request.matches(".* 204 .*\"POST /containers/\\w+/kill\\?signal=SIGKILL .*"))
                .anyMatch(request -> request.matches(".* 204 .*\"POST /containers/\\w+/pause .*"))
                .anyMatch(request -> request.matches(".* 201 .*\"POST /containers/create.*"))
                .noneMatch(request -> request.contains(" 403 "));
        // rolling-restart restarted every broker (FaultsIT's own rolling-restart test was folded into this one)
        Lab lab = Lab.get();
        for (int node = 1; node <= 3; node++) {
            String id = Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.Id}}", lab.containerOfNode(node))
                    .strip();
            String restart = ".* 204 .*\"POST /containers/" + id.substring(0, 12) + "\\w*/restart.*";
            assertThat(requests).as("a restart of " + lab.containerOfNode(node)).anyMatch(request -> request.matches(restart));
        }

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String experiment : EXPERIMENTS) {
            assertThat(metrics).contains(
                    "gameday_runs_total{experiment=\"" + experiment + "\",verdict=\"pass\"} 1.0",
                    "gameday_experiment_last_passed{experiment=\"" + experiment + "\"} 1.0",
                    "gameday_probe_lost_writes{experiment=\"" + experiment + "\"} 0.0",
                    "gameday_probe_duplicates{experiment=\"" + experiment + "\"} 0.0",
                    "gameday_experiment_last_run_timestamp_seconds{experiment=\"" + experiment + "\"}",
                    "gameday_probe_unavailability_seconds{experiment=\"" + experiment + "\"}",
                    "gameday_recovery_seconds{experiment=\"" + experiment + "\"}",
                    "gameday_run_duration_seconds_count{experiment=\"" + experiment + "\"} 1.0");
        }
        // other test classes share this application, so faults are counted at least once per suite step
        var kills = java.util.regex.Pattern.compile("gameday_faults_injected_total\\{fault=\"kill\"} ([\\d.]+)")
                .matcher(metrics);
        assertThat(kills.find()).isTrue();
        assertThat(Double.parseDouble(kills.group(1))).isGreaterThanOrEqualTo(3);
        assertThat(metrics).contains("gameday_probe_sends_total{outcome=\"ok\"}", "gameday_probe_ack_latency_seconds_bucket",
                "gameday_fault_active{experiment=\"leader-kill\",fault=\"kill\"");
    }

    /** The dashboards (but the integrations profile's: IntegrationsLabIT, on a lab that has it) over the suite. */
    @Test
    @Order(2)
    void everyDashboardExpressionHadASeriesDuringTheSuite() throws Exception {
        assertThat(suiteEnded).as("the suite ran (the test before)").isNotNull();
        // the last scrape after the suite, so that the runs' own metrics (set as each ended) are in
        Awaitility.await("Prometheus has scraped the service since the suite ended").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> !prometheus.series("timestamp(up{job=\"gameday\"}) > " + suiteEnded.getEpochSecond())
                        .isEmpty());
        PrometheusUnderTest.DashboardCheck check = prometheus.checkDashboards(false, suiteStarted, Instant.now());
        System.out.printf("[monitoring] %d dashboard expressions evaluated against Prometheus over the suite, %d empty%n",
                check.evaluated(), check.empty().size());
        assertThat(check.evaluated()).isGreaterThan(50);
        assertThat(check.empty()).as("expressions without a series").isEmpty();
    }
}
