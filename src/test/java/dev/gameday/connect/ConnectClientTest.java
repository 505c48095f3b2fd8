package dev.gameday.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.gameday.GamedayException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectClientTest {

    /** What a worker's web server answers before Connect's resources are registered (seen in CI). */
    static final String JETTY_404 = "{ \"message\":\"Not Found\", \"url\":\"/connectors\", \"status\":\"404\" }";
    static final String CONNECT_404 = "{\"error_code\":404,\"message\":\"Connector gameday-x not found\"}";

    final List<HttpServer> servers = new CopyOnWriteArrayList<>();
    final List<String> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** A worker answering every request with this status and body. */
    ConnectWorker worker(String id, int status, String body) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.add(id + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        servers.add(server);
        return new ConnectWorker(id, URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    ConnectClient client(ConnectWorker... workers) {
        return new ConnectClient(List.of(workers), Duration.ofSeconds(2), new ObjectMapper());
    }

    @Test
    void aWorkerWhoseRestApiIsNotUpYetIsPassedOverForTheNext() throws IOException {
        ConnectClient client = client(worker("connect-1", 404, JETTY_404), worker("connect-2", 201, "{}"));

        client.createStopped("gameday-x", Map.of("connector.class", "MirrorSourceConnector"));

        assertThat(calls).containsExactly("connect-1 POST /connectors", "connect-2 POST /connectors");
    }

    @Test
    void whenEveryWorkerIsStartingTheRequestIsUnavailableSoItIsAskedAgain() throws IOException {
        ConnectClient client = client(worker("connect-1", 404, JETTY_404), worker("connect-2", 404, JETTY_404));

        assertThatThrownBy(() -> client.delete("gameday-x"))
                .isInstanceOfSatisfying(ConnectException.class,
                        e -> assertThat(e.kind()).isEqualTo(GamedayException.Kind.UNAVAILABLE))
                .hasMessageContaining("no Kafka Connect worker answered DELETE /connectors/gameday-x")
                .hasMessageContaining("connect-2: HTTP 404 without Connect's error_code");
    }

    @Test
    void connectsOwn404IsAnAnswer() throws IOException {
        ConnectClient client = client(worker("connect-1", 404, CONNECT_404), worker("connect-2", 204, ""));

        client.delete("gameday-x"); // a connector that does not exist is deleted already

        assertThat(calls).containsExactly("connect-1 DELETE /connectors/gameday-x");
        assertThatThrownBy(() -> client.resume("gameday-x"))
                .hasMessageContaining("Kafka Connect refused PUT /connectors/gameday-x/resume at connect-1: HTTP 404");
    }
}
