package dev.gameday.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.lab.Lab;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A real Prometheus (Debian's package) on the project's own configuration and alert rules, with
 * host addresses as its targets: what the tests check the dashboards and alerts against. Its
 * files live in a directory of its own under target/.
 */
public final class PrometheusUnderTest implements AutoCloseable {

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private PrometheusUnderTest(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Prometheus and waits until it is ready.
     *
     * @param targets the file_sd files prometheus.yml reads, by their path under targets/
     *                (kafka.yml, gameday.yml, integrations/connect.yml, ...), in file_sd's YAML
     */
    public static PrometheusUnderTest start(Map<String, String> targets) throws IOException {
        Path root = Lab.projectDir();
        Path dir = Files.createTempDirectory(root.resolve("target"), "prometheus-");
        Files.copy(root.resolve("prometheus/prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.createDirectories(dir.resolve("rules"));
        try (Stream<Path> rules = Files.list(root.resolve("prometheus/rules"))) {
            for (Path rule : rules.toList()) {
                Files.copy(rule, dir.resolve("rules").resolve(rule.getFileName()));
            }
        }
        for (Map.Entry<String, String> file : targets.entrySet()) {
            Path path = dir.resolve("targets").resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder("prometheus", "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusUnderTest prometheus = new PrometheusUnderTest(process, port);
        Awaitility.await("Prometheus ready").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> prometheus.get("/-/ready").contains("Ready"));
        return prometheus;
    }

    /** Prometheus scraping the shared test lab's brokers (as node 1-3) and the service under test on {@code servicePort}. */
    public static PrometheusUnderTest scrapingTheLabAndTheService(int servicePort) throws IOException {
        List<String> brokers = new ArrayList<>();
        List<Map<String, String>> labels = new ArrayList<>();
        for (int node = 1; node <= Lab.NODES.size(); node++) {
            brokers.add("127.0.0.1:" + (Lab.FIRST_METRICS_PORT + node - 1));
            labels.add(Map.of("node_id", String.valueOf(node)));
        }
        return start(Map.of("kafka.yml", targets(brokers, labels),
                "gameday.yml", targets(List.of("127.0.0.1:" + servicePort), null)));
    }

    /** What evaluating every expression of the dashboards over a time range found. */
    public record DashboardCheck(int evaluated, List<String> empty) {}

    /**
     * Every expression of the project's dashboards (the integrations profile's, or all the others)
     * evaluated over {@code from}-{@code to}, as a dashboard over that time shows it: those without a series.
     */
    public DashboardCheck checkDashboards(boolean integrations, Instant from, Instant to) throws Exception {
        List<String> empty = new ArrayList<>();
        int evaluated = 0;
        for (Map.Entry<Path, JsonNode> dashboard : dashboards(integrations).entrySet()) {
            for (String expression : expressions(dashboard.getValue())) {
                evaluated++;
                if (seriesBetween(expression, from, to).isEmpty()) {
                    empty.add(dashboard.getKey().getFileName() + ": " + expression);
                }
            }
        }
        return new DashboardCheck(evaluated, empty);
    }

    /** The file_sd YAML of one target per address, with the labels given for each (or none). */
    public static String targets(List<String> addresses, List<Map<String, String>> labels) {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < addresses.size(); i++) {
            yaml.append("- targets: [").append(addresses.get(i)).append("]\n");
            if (labels != null && !labels.get(i).isEmpty()) {
                yaml.append("  labels: {");
                labels.get(i).forEach((name, value) -> yaml.append(name).append(": \"").append(value).append("\", "));
                yaml.setLength(yaml.length() - 2);
                yaml.append("}\n");
            }
        }
        return yaml.toString();
    }

    /** The series an instant query returns now. */
    public List<JsonNode> series(String promql) throws Exception {
        return result(get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)), promql);
    }

    /** The series a range query returns between two instants, as a dashboard over that time shows them. */
    public List<JsonNode> seriesBetween(String promql, Instant from, Instant to) throws Exception {
        return result(get("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&start=" + from.getEpochSecond() + "&end=" + to.getEpochSecond() + "&step=10"), promql);
    }

    private static List<JsonNode> result(String body, String promql) throws IOException {
        JsonNode answer = JSON.readTree(body);
        assertThat(answer.path("status").asText()).as(promql + " -> " + answer).isEqualTo("success");
        List<JsonNode> result = new ArrayList<>();
        answer.path("data").path("result").forEach(result::add);
        return result;
    }

    /** The names of the alerts firing now. */
    public Set<String> firing() throws Exception {
        return alertNames(true);
    }

    /** The names of the alerts pending or firing now. */
    public Set<String> alerts() throws Exception {
        return alertNames(false);
    }

    private Set<String> alertNames(boolean firingOnly) throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode alert : JSON.readTree(get("/api/v1/alerts")).path("data").path("alerts")) {
            if (!firingOnly || alert.path("state").asText().equals("firing")) {
                names.add(alert.path("labels").path("alertname").asText());
            }
        }
        return names;
    }

    private String get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Override
    public void close() {
        process.destroy();
    }

    /** The project's dashboards, by file, tagged {@code integrations} or not (the profile's own have that tag). */
    public static Map<Path, JsonNode> dashboards(boolean integrations) throws IOException {
        Map<Path, JsonNode> found = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(Lab.projectDir().resolve("grafana/dashboards"))) {
            for (Path file : files.toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                boolean tagged = false;
                for (JsonNode tag : dashboard.path("tags")) {
                    tagged |= tag.asText().equals("integrations");
                }
                if (tagged == integrations) {
                    found.put(file.getFileName(), dashboard);
                }
            }
        }
        return found;
    }

    /**
     * Every PromQL expression of a dashboard: panel targets (rows included), variables, annotations,
     * with template variables filled as Grafana's "All" would.
     */
    public static List<String> expressions(JsonNode dashboard) {
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
        return found.stream().map(expression -> expression.replaceAll("\\$\\{?\\w+}?", ".*")).toList();
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
}
