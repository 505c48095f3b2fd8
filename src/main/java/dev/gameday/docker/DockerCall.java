package dev.gameday.docker;

import java.util.List;

/**
 * One call of the Docker API ("POST /containers/{id}/pause"): what a socket proxy allows or refuses,
 * and what the runtime asks of the engine before a fault is injected ({@link ContainerRuntime#unsupported}).
 */
public record DockerCall(String method, String path) {

    static final DockerCall INSPECT = new DockerCall("GET", "/containers/{id}/json");
    static final DockerCall START = new DockerCall("POST", "/containers/{id}/start");
    static final DockerCall UNPAUSE = new DockerCall("POST", "/containers/{id}/unpause");

    /**
     * A container nobody can have: names are two characters or more, and ids are hex. An engine
     * answers 404 to any call on it, a proxy that refuses the call 403; either way nothing changes.
     */
    private static final String ABSENT = "z";

    /**
     * The calls injecting and reverting a fault of this kind make: every revert inspects the container
     * first, and a lifecycle fault brings it back with unpause or start.
     */
    public static List<DockerCall> of(RuntimeOperation operation) {
        return switch (operation) {
            case KILL -> List.of(INSPECT, post("kill"), START, UNPAUSE);
            case STOP -> List.of(INSPECT, post("stop"), START, UNPAUSE);
            case RESTART -> List.of(INSPECT, post("restart"), START, UNPAUSE);
            case PAUSE -> List.of(INSPECT, post("pause"), UNPAUSE);
            case CPU_QUOTA -> List.of(INSPECT, post("update"));
            case NETWORK -> List.of(INSPECT, new DockerCall("POST", "/containers/create"), START, post("wait"),
                    new DockerCall("GET", "/containers/{id}/logs"), new DockerCall("DELETE", "/containers/{id}"));
        };
    }

    private static DockerCall post(String action) {
        return new DockerCall("POST", "/containers/{id}/" + action);
    }

    /** The path of a harmless request for this call: on a container that cannot exist, or an empty create (400). */
    String probePath() {
        return path.replace("{id}", ABSENT);
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
