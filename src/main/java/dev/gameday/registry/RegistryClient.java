package dev.gameday.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Spring Cloud Stream's schema registry API, one node at a time: register a schema ({@code POST /}) and
 * find one by id ({@code GET /schemas/ID}). Not Confluent's API. A node that does not answer, or
 * answers with an error, is an {@link IOException}.
 */
public final class RegistryClient {

    private final List<URI> nodes;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json;

    public RegistryClient(List<URI> nodes, Duration timeout, ObjectMapper json) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no schema registry node configured (gameday.registry.nodes)");
        }
        this.nodes = List.copyOf(nodes);
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public List<URI> nodes() {
        return nodes;
    }

    /** Registers an Avro schema under {@code subject} on node {@code node}; its id. */
    public int register(int node, String subject, String avro) throws IOException, InterruptedException {
        String body = json.writeValueAsString(Map.of("subject", subject, "format", "avro", "definition", avro));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(nodes.get(node).resolve("/")).timeout(timeout)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IOException("answered POST / with HTTP " + answer.statusCode());
        }
        return json.readTree(answer.body()).path("id").asInt();
    }

    /** The definition of schema {@code id} as node {@code node} has it. */
    public String find(int node, int id) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(nodes.get(node).resolve("/schemas/" + id))
                .timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("answered GET /schemas/" + id + " with HTTP " + answer.statusCode());
        }
        JsonNode schema = json.readTree(answer.body());
        return schema.path("definition").asText();
    }
}
