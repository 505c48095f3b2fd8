package dev.gameday.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The service's HTTP API as the command-line client uses it: JSON in, JSON out, basic auth. */
final class ServiceClient {

    /** The service answered, but not with what was asked: its status and its {code, message}. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServiceClient(URI base, String user, String password) {
        this.base = base;
        this.authorization = password == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** POSTs and returns the Location of what was started (202 or 201). */
    String start(String path) throws IOException, InterruptedException, Refused {
        HttpResponse<String> response = send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 202 && response.statusCode() != 201) {
            throw refused("POST " + path, response);
        }
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new Refused("POST " + path + " answered " + response.statusCode() + " without a Location"));
    }

    JsonNode get(String path) throws IOException, InterruptedException, Refused {
        HttpResponse<String> response = send(request(path).GET());
        if (response.statusCode() != 200) {
            throw refused("GET " + path, response);
        }
        return JSON.readTree(response.body());
    }

    byte[] getBytes(String path) throws IOException, InterruptedException, Refused {
        HttpResponse<byte[]> response = http.send(request(path, "*/*").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new Refused("GET " + path + " answered " + response.statusCode());
        }
        return response.body();
    }

    private HttpRequest.Builder request(String path) {
        return request(path, "application/json");
    }

    /** A request with the credentials; {@code accept} as the service would be asked (the JUnit report is XML). */
    private HttpRequest.Builder request(String path, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", accept);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Refused refused(String call, HttpResponse<String> response) {
        String message = response.body();
        try {
            JsonNode error = JSON.readTree(response.body());
            if (error.hasNonNull("message")) {
                message = error.get("message").asText();
            }
        } catch (IOException notJson) {
            // the body as it came
        }
        String hint = response.statusCode() == 401 ? " (give the user's password: GAMEDAY_PASSWORD_FILE or --password-file)"
                : response.statusCode() == 403 ? " (this user may not do that: operators run game days)" : "";
        return new Refused(call + " answered " + response.statusCode() + hint + (message == null || message.isBlank() ? ""
                : ": " + message.strip()));
    }
}
