package dev.gameday.connect;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * One Kafka Connect worker: its id as Connect names it in a task's status ({@code connect-1:8083},
 * its advertised host and port) and the URL the service reaches its REST API at.
 */
public record ConnectWorker(String id, URI url) {

    /**
     * The workers of {@code gameday.connect.workers}; each entry {@code URL} or {@code ID=URL}.
     *
     * @throws IllegalArgumentException naming the entry that is neither
     */
    public static List<ConnectWorker> parse(List<String> entries) {
        List<ConnectWorker> workers = new ArrayList<>();
        for (String entry : entries) {
            String trimmed = entry.strip();
            int eq = trimmed.indexOf('=');
            String url = eq < 0 ? trimmed : trimmed.substring(eq + 1).strip();
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("gameday.connect.workers: '" + entry + "' is not URL or ID=URL: "
                        + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("gameday.connect.workers: '" + entry
                        + "' needs an http(s) URL with a host, e.g. http://connect-1:8083");
            }
            int port = uri.getPort() < 0 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
            String id = eq < 0 ? uri.getHost() + ":" + port : trimmed.substring(0, eq).strip();
            if (id.isEmpty()) {
                throw new IllegalArgumentException("gameday.connect.workers: '" + entry + "' has an empty id before '='");
            }
            workers.add(new ConnectWorker(id, uri));
        }
        return workers;
    }
}
