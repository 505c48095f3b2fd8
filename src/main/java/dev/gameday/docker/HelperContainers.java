package dev.gameday.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import dev.gameday.time.Threads;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The containers the service makes on an engine from its helper image: a helper that runs one command
 * in a target's network namespace (iptables, tc) or in none, and the lab lease's named container. A
 * helper is removed once it has ended, off the caller's path.
 */
final class HelperContainers implements AutoCloseable {

    private static final long HELPER_TIMEOUT_SECONDS = 60;

    private final DockerContainerRuntime runtime;
    private final DockerConfig config;
    /** Labels of every container made here: an {@link EngineRouter}'s engine name, else none. */
    private final Map<String, String> ownLabels;
    private final ExecutorService cleanup = Threads.single("docker-helper-cleanup", true);

    HelperContainers(DockerContainerRuntime runtime, DockerConfig config, Map<String, String> ownLabels) {
        this.runtime = runtime;
        this.config = config;
        this.ownLabels = Map.copyOf(ownLabels);
    }

    @Override
    public void close() throws InterruptedException {
        cleanup.shutdown();
        cleanup.awaitTermination(10, TimeUnit.SECONDS);
    }

    HelperResult runInNetworkOf(String id, List<String> command) {
        return runHelper(HostConfig.newHostConfig()
                .withNetworkMode("container:" + id)
                .withCapAdd(Capability.NET_ADMIN), command, id);
    }

    HelperResult runIsolated(List<String> command) {
        return runHelper(HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withCapAdd(Capability.NET_ADMIN), command, "none");
    }

    String startNamed(String name, Map<String, String> labels, List<String> command) {
        String id = create("create container " + name, name, () -> runtime.client()
                .createContainerCmd(config.helperImage())
                .withName(name)
                .withCmd(command)
                .withLabels(withOwn(labels))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none")));
        runtime.call("start container " + name, () -> runtime.client().startContainerCmd(id).exec());
        return id;
    }

    private Map<String, String> withOwn(Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.putAll(ownLabels);
        return all;
    }

    /** Creates a container: a missing image, a missing container to share a namespace with or a taken name, each said so. */
    private String create(String what, String name, Supplier<CreateContainerCmd> command) {
        try {
            return runtime.call(what, () -> {
                try {
                    return command.get().exec().getId();
                } catch (ConflictException taken) {
                    throw new ContainerConflictException(name);
                }
            });
        } catch (NotFoundException e) {
            if (String.valueOf(e.getMessage()).contains("image")) {
                throw new HelperImageMissingException(config.host(), config.helperImage());
            }
            throw new ContainerNotFoundException(name);
        }
    }

    private HelperResult runHelper(HostConfig hostConfig, List<String> command, String networkOf) {
        String helperId = create("create a helper container", networkOf, () -> runtime.client()
                .createContainerCmd(config.helperImage())
                .withCmd(command)
                .withLabels(withOwn(Map.of(ContainerRuntime.HELPER_LABEL, "true",
                        ContainerRuntime.HELPER_LABEL + ".network-of", networkOf)))
                .withHostConfig(hostConfig));
        try {
            runtime.call("start the helper container", () -> runtime.client().startContainerCmd(helperId).exec());
            Integer exit = runtime.call("wait for the helper container", () -> runtime.client()
                    .waitContainerCmd(helperId)
                    .start()
                    .awaitStatusCode(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            // the output only matters when the command failed: one call less on the fast path
            return new HelperResult(exit, exit == 0 ? "" : logsOf(helperId));
        } finally {
            // off the caller's path: the helper's work is done; leftovers are swept at start-up by label
            cleanup.execute(() -> runtime.remove(helperId));
        }
    }

    private String logsOf(String id) {
        StringBuilder out = new StringBuilder();
        var reading = runtime.call("read the helper's output", () -> runtime.client().logContainerCmd(id)
                .withStdOut(true)
                .withStdErr(true)
                .exec(new ResultCallback.Adapter<Frame>() {
                                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }));
        try {
            reading.awaitCompletion(HELPER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString().strip();
    }
}
