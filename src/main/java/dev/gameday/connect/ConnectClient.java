package dev.gameday.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.GamedayException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka Connect's REST API, as a run's pipeline probe uses it: a connector created stopped, its
 * source offsets set, resumed, watched, deleted. Each request goes to the first worker that answers
 * (any worker forwards what only the group's leader may do); one that no worker answers fails naming
 * the request and every worker asked.
 */
public final class ConnectClient {

    private final List<ConnectWorker> workers;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json;

    public ConnectClient(List<ConnectWorker> workers, Duration timeout, ObjectMapper json) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("no Kafka Connect worker configured (gameday.connect.workers)");
        }
        this.workers = List.copyOf(workers);
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public List<ConnectWorker> workers() {
        return workers;
    }

    /** Creates the connector in state STOPPED (KIP-980): no task runs until {@link #resume}. */
    public void createStopped(String name, Map<String, String> config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("config", config);
        body.put("initial_state", "STOPPED");
        send("POST", "/connectors", body, 201);
    }

    /**
     * Sets a stopped source connector's offsets (KIP-875): each entry a {@code partition} and an
     * {@code offset} map in the connector's own terms.
     */
    public void alterOffsets(String name, List<Map<String, Map<String, Object>>> offsets) {
        send("PATCH", "/connectors/" + name + "/offsets", Map.of("offsets", offsets), 200);
    }

    public void resume(String name) {
        send("PUT", "/connectors/" + name + "/resume", null, 202, 204);
    }

    /** Deletes the connector; one that does not exist is deleted already. */
    public void delete(String name) {
        send("DELETE", "/connectors/" + name, null, 204, 404);
    }

    /** The connector's state and its tasks'. */
    public ConnectorState status(String name) {
        JsonNode status = send("GET", "/connectors/" + name + "/status", null, 200);
        List<ConnectorState.Task> tasks = new ArrayList<>();
        for (JsonNode task : status.path("tasks")) {
            tasks.add(new ConnectorState.Task(task.path("id").asInt(), task.path("state").asText(),
                    task.path("worker_id").asText(), task.path("trace").asText(null)));
        }
        return new ConnectorState(name, status.path("connector").path("state").asText(),
                status.path("connector").path("worker_id").asText(), tasks);
    }

    /** The ids of the workers whose REST API answers now (GET /, at most a second each). */
    public List<String> alive() {
        List<String> alive = new ArrayList<>();
        for (ConnectWorker worker : workers) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(worker.url().resolve("/"))
                        .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    alive.add(worker.id());
                }
            } catch (IOException e) {
                // not answering: not alive
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return alive;
            }
        }
        return alive;
    }

    /**
     * One request to the first worker that answers it; a status outside {@code expected} is an answer,
     * and fails at once naming the worker and the body Connect gave.
     */
    private JsonNode send(String method, String path, Object body, int... expected) {
        List<String> tried = new ArrayList<>();
        for (ConnectWorker worker : workers) {
            URI uri = worker.url().resolve(path);
            try {
                HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
                if (starting(answer)) {
                    tried.add(worker.id() + ": HTTP 404 without Connect's error_code (its REST API not yet up)");
                    continue;
                }
                for (int status : expected) {
                    if (answer.statusCode() == status) {
                        return answer.body().isBlank() ? json.createObjectNode() : json.readTree(answer.body());
                    }
                }
                // 409: a rebalance is under way; 5xx: this worker cannot serve it now. The next may.
                if (answer.statusCode() == 409 || answer.statusCode() >= 500) {
                    tried.add(worker.id() + ": HTTP " + answer.statusCode() + " " + brief(answer.body()));
                    continue;
                }
                throw new ConnectException(GamedayException.Kind.FAILED, "Kafka Connect refused " + method + " " + path
                        + " at " + worker.id() + ": HTTP " + answer.statusCode() + " " + brief(answer.body()));
            } catch (IOException e) {
                tried.add(worker.id() + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException(GamedayException.Kind.FAILED, "interrupted during " + method + " " + path);
            }
        }
        throw new ConnectException(GamedayException.Kind.UNAVAILABLE, "no Kafka Connect worker answered " + method + " "
                + path + " (" + String.join("; ", tried) + ")");
    }

    /**
     * A worker that is starting answers every path with its web server's own 404 until Connect's
     * resources are registered, for tens of seconds on a busy host after a killed worker is started again.
     * Connect's own 404 (no such connector) carries an {@code error_code}; this one does not, and means
     * "ask another worker".
     */
    static boolean starting(HttpResponse<String> answer) {
        return answer.statusCode() == 404 && !answer.body().contains("\"error_code\"");
    }

    private static String brief(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }
}
