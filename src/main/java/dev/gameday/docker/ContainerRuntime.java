package dev.gameday.docker;

import dev.gameday.lease.LabLease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Docker operations a game day needs, and nothing else. The only implementation that talks to
 * Docker is {@link DockerContainerRuntime}; unit tests use a recording fake.
 *
 * <p>Every method throws {@link DockerUnavailableException} when the engine does not answer,
 * {@link ContainerNotFoundException} for an unknown container, and those that create a container
 * {@link HelperImageMissingException} when the helper image is not there.
 */
public interface ContainerRuntime {

    /** Label every helper container carries, so that a restarted service can find its leftovers. */
    String HELPER_LABEL = "gameday.helper";

    /** Label of a lab's lease container (see dev.gameday.lease.LabLease); its value is the lab. */
    String LEASE_LABEL = "gameday.lease";

    /**
     * Label of a container's host (failure domain) within its {@code gameday.cluster}: with several
     * engines configured (see {@link EngineRouter}) it says which engine the container is on.
     */
    String HOST_LABEL = "gameday.host";

    /** Label of the helper and lease containers an {@link EngineRouter}'s engine makes: its name. */
    String ENGINE_LABEL = "gameday.engine";

    /** Where the engine is, for messages: "unix:///var/run/docker.sock". */
    String endpoint();

    /**
     * Why this runtime cannot perform {@code operation} ("a Kubernetes pod cannot be paused"), or
     * empty when it can. Docker performs every one. A runtime that lacks one throws
     * {@link UnsupportedRuntimeOperationException} from its method, but the preflight and the fault
     * injector ask here first, so that nothing is injected for a step that could not be.
     */
    default Optional<String> unsupported(RuntimeOperation operation) {
        return Optional.empty();
    }

    void ping();

    /**
     * The endpoint of the engine that holds this container, which the journal records for each of a
     * fault's effects; a runtime of one engine answers its own. Throws
     * {@link UnplacedContainerException} for a container that is on no configured engine.
     */
    default String engineOf(String containerId) {
        return endpoint();
    }

    /** Whether this runtime reaches the engine at {@code engineEndpoint} (one a journal line names). */
    default boolean reaches(String engineEndpoint) {
        return endpoint().equals(engineEndpoint);
    }

    /** Tells the runtime which engine holds a container, as the journal recorded; one engine needs not be told. */
    default void locate(String containerId, String engineEndpoint) {}

    /** Containers in any state that carry all the given labels. */
    List<ContainerInfo> list(Map<String, String> labels);

    ContainerInfo inspect(String idOrName);

    void kill(String id, String signal);

    void stop(String id, Duration timeout);

    /** Starts a created or exited container; a running one is left alone. */
    void start(String id);

    void restart(String id, Duration timeout);

    void pause(String id);

    void unpause(String id);

    /** Sets the CFS quota; {@code -1} lifts it. */
    void updateCpuQuota(String id, long quotaMicros, long periodMicros);

    /**
     * Runs {@code command} in a helper container that shares the network namespace of {@code id}
     * with NET_ADMIN, waits for it to exit and removes it.
     */
    HelperResult runInNetworkOf(String id, List<String> command);

    /** Runs {@code command} in a helper container with its own empty network namespace. */
    HelperResult runIsolated(List<String> command);

    /**
     * Creates a container of the helper image named {@code name}, with these labels and no network,
     * and starts {@code command} in it; returns its id. The name makes it unique on the engine: when a
     * container of that name exists, a {@link ContainerConflictException}.
     */
    String startNamed(String name, Map<String, String> labels, List<String> command);

    /** Removes a container, running or not; an unknown one is not an error. */
    void remove(String id);
}
