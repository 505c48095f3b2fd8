package dev.gameday.monitoring;

import org.junit.jupiter.api.extension.RegisterExtension;
import dev.gameday.lab.LabTopics;
import dev.gameday.api.ApiCredentials;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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


    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Process prometheus;
    private static int port;

    private final Lab lab = Lab.get();

    @Inject
    FaultInjector injector;

    /** Starts Prometheus on the project's configuration, with host addresses as its targets. */
    private static synchronized void startPrometheus() throws IOException {
        if (prometheus != null) {
            return;
        }
        Path root = Lab.projectDir();
        Path dir = Files.createTempDirectory(root.resolve("target"), "prometheus-");
        Files.copy(root.resolve("prometheus/prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("targets"));
        try (Stream<Path> rules = Files.list(root.resolve("prometheus/rules"))) {
            for (Path rule : rules.toList()) {
                Files.copy(rule, dir.resolve("rules").resolve(rule.getFileName()));
            }
        }
        StringBuilder kafka = new StringBuilder();
        for (int node = 1; node <= 3; node++) {
            kafka.append("- targets: [127.0.0.1:").append(Lab.FIRST_METRICS_PORT + node - 1).append("]\n")
                    .append("  labels: {node_id: \"").append(node).append("\"}\n");
        }
        Files.writeString(dir.resolve("targets/kafka.yml"), kafka);
        Files.writeString(dir.resolve("targets/gameday.yml"), "- targets: [127.0.0.1:" + RestAssured.port + "]\n");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        Awaitility.await("Prometheus ready").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get("/-/ready").contains("Ready"));
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.destroy();
        }
    }

    @Test
    @Order(1)
    void afterAnExperimentEveryDashboardExpressionReturnsASeries() throws Exception {
        startPrometheus();
        String location = given().when().post("/api/experiments/quick-throttle/runs").then().statusCode(202)
                .extract().header("Location");
        Awaitility.await("the experiment ended").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !"RUNNING".equals(given().get(location).then().extract().path("status")));
        Awaitility.await("Prometheus has the run's metrics and the probe's lag")
                .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !series("gameday_experiment_last_passed").isEmpty()
                        && !series("gameday_consumer_group_lag").isEmpty()
                        && !series("rate(kafka_server_brokertopicmetrics_messagesin_total[1m])").isEmpty());

        List<String> empty = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> dashboards = Files.list(Lab.projectDir().resolve("grafana/dashboards"))) {
            for (Path dashboard : dashboards.sorted().toList()) {
                for (String expression : expressions(JSON.readTree(dashboard.toFile()))) {
                    checked++;
                    if (series(query(expression)).isEmpty()) {
                        empty.add(dashboard.getFileName() + ": " + expression);
                    }
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
        startPrometheus();
        ActiveFault kill = injector.inject(new FaultRequest("monitoring-it", "monitoring-it", 1, new KillFault(null),
                TargetSelector.broker(3), Duration.ofMinutes(4), new Random(1)));
        try {
            Awaitility.await("BrokerDown and UnderReplicatedPartitions firing")
                    .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> firing().containsAll(Set.of("BrokerDown", "UnderReplicatedPartitions")));
        } finally {
            injector.revert(kill.id(), "test");
        }
        Awaitility.await("both alerts resolved").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !alerts().contains("BrokerDown") && !alerts().contains("UnderReplicatedPartitions"));
    }

    /** Every PromQL expression of a dashboard: panel targets (rows included), variables, annotations. */
    static List<String> expressions(JsonNode dashboard) {
        List<String> found = new ArrayList<>();
        collectTargets(dashboard.path("panels"), found);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode q = variable.path("query");
            String text = q.isTextual() ? q.asText() : q.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(text);
            if (m.matches()) {
                found.add("count by (" + m.group(2) + ") (" + m.group(1) + ")");
            } else if (!text.isBlank() && variable.path("type").asText().equals("query")) {
                found.add(text);
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.hasNonNull("expr")) {
                found.add(annotation.get("expr").asText());
            }
        }
        return found;
    }

    private static void collectTargets(JsonNode panels, List<String> found) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr") && !target.get("expr").asText().isBlank()) {
                    found.add(target.get("expr").asText());
                }
            }
            collectTargets(panel.path("panels"), found);
        }
    }

    /** Template variables as Grafana's "All" would fill them. */
    static String query(String expression) {
        return expression.replaceAll("\\$\\{?\\w+}?", ".*");
    }

    private static List<JsonNode> series(String promql) throws Exception {
        JsonNode answer = JSON.readTree(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        assertThat(answer.path("status").asText()).as(promql + " -> " + answer).isEqualTo("success");
        List<JsonNode> result = new ArrayList<>();
        answer.path("data").path("result").forEach(result::add);
        return result;
    }

    private static Set<String> firing() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : JSON.readTree(get("/api/v1/alerts")).path("data").path("alerts")) {
            if (alert.path("state").asText().equals("firing")) {
                names.add(alert.path("labels").path("alertname").asText());
            }
        }
        return names;
    }

    private static Set<String> alerts() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : JSON.readTree(get("/api/v1/alerts")).path("data").path("alerts")) {
            names.add(alert.path("labels").path("alertname").asText());
        }
        return names;
    }

    private static String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
