package dev.gameday.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.api.ApiCredentials;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The packaged service (target/quarkus-app) run as a process of its own, as an operator runs it. */
public final class ServiceProcess implements AutoCloseable {

    private final Path data;
    private final int port;
    private final Map<String, String> config;
    private final Map<String, String> environment;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> labConfig;
    private Process process;
    private int starts;

    public ServiceProcess(Path data, Map<String, String> config, Map<String, String> environment) throws IOException {
        // read now: Lab.get() waits for a settled cluster, which it is not while a fault is applied
        this(Lab.get(), data, config, environment);
    }

    /** The service against another lab than the tests' (a benchmark's). */
    public ServiceProcess(Lab lab, Path data, Map<String, String> config, Map<String, String> environment)
            throws IOException {
        this.data = data;
        this.config = config;
        this.environment = environment;
        this.labConfig = lab.serviceConfig();
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    /** Where the service listens, once started. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public ServiceProcess start() throws IOException {
        return startWith(Map.of());
    }

    /** Starts it with {@code lifeOnly} added to its configuration for this start only (a test hook, say). */
    public ServiceProcess startWith(Map<String, String> lifeOnly) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-Dgameday.data-dir=" + data.toAbsolutePath(),
                "-Dgameday.api.users-file=" + Lab.projectDir().resolve("src/test/resources/api-users")));
        labConfig.forEach((key, value) -> command.add("-D" + key + "=" + value));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        lifeOnly.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", Lab.projectDir().resolve("target/quarkus-app/quarkus-run.jar").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("service-" + (++starts) + ".log").toFile());
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    public ServiceProcess awaitLive() {
        Awaitility.await("service live").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions().until(() -> get("/q/health/live").statusCode() == 200);
        return this;
    }

    /** The log of the current (or last) start: service-N.log in the data directory. */
    public Path log() {
        return data.resolve("service-" + starts + ".log");
    }

    /** Waits until the current start's log has a line containing {@code text}; fails showing the log's end. */
    public void awaitLog(String text, Duration within) {
        Awaitility.await("'" + text + "' in " + log()).atMost(within).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    String written = Files.exists(log()) ? Files.readString(log()) : "";
                    if (!written.contains(text)) {
                        throw new AssertionError("no '" + text + "' yet; the log ends:\n"
                                + written.substring(Math.max(0, written.length() - 3000)));
                    }
                });
    }

    /** The process id of the running service (for /proc and jcmd). */
    public long pid() {
        return process.pid();
    }

    /** Where the service keeps its journal and database. */
    public Path data() {
        return data;
    }

    /** SIGKILL: no shutdown hook runs. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    /** SIGTERM: the service shuts down as it would under an orchestrator. */
    public int stop() throws InterruptedException {
        process.destroy();
        return process.waitFor();
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> postYaml(String path, String yaml) throws IOException, InterruptedException {
        return http.send(request(path).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public String startRun(String experiment) throws IOException, InterruptedException {
        return startRun(experiment, "");
    }

    /** Starts a run of the experiment, with a query ("seed=42") or none: its id; an AssertionError if refused. */
    public String startRun(String experiment, String query) throws IOException, InterruptedException {
        HttpResponse<String> started = post("/api/experiments/" + experiment + "/runs"
                + (query.isEmpty() ? "" : "?" + query), "");
        if (started.statusCode() != 202) {
            throw new AssertionError("the run of " + experiment + " was refused: " + started.statusCode() + " "
                    + started.body());
        }
        return JSON.readTree(started.body()).get("id").asText();
    }

    /** The run as the API gives it now. */
    public JsonNode run(String id) throws IOException, InterruptedException {
        return JSON.readTree(get("/api/runs/" + id).body());
    }

    /** Waits until the run is no longer RUNNING; the run as it ended. */
    public JsonNode awaitEnd(String id, Duration within) throws IOException, InterruptedException {
        Awaitility.await("run " + id + " ended").atMost(within).pollInterval(Duration.ofSeconds(1))
                .until(() -> !run(id).path("status").asText().equals("RUNNING"));
        return run(id);
    }

    /** Whether the database lists the run as ended: the list reads the database alone, not the runs kept in memory. */
    public boolean stored(String experiment, String id) throws IOException, InterruptedException {
        for (JsonNode run : JSON.readTree(get("/api/runs?experiment=" + experiment).body())) {
            if (run.path("id").asText().equals(id)) {
                return !run.path("status").asText().equals("RUNNING");
            }
        }
        return false;
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the test operator (src/test/resources/api-users). */
    private HttpRequest.Builder request(String path) {
        String credentials = ApiCredentials.OPERATOR + ":" + ApiCredentials.OPERATOR_PASSWORD;
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes()));
    }

    /**
     * SIGTERM, so that the service gives its lab lease back and reverts what it holds, as it would at
     * the end of any test; SIGKILL if it has not ended within 30 s (held at a test hook, say).
     */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
