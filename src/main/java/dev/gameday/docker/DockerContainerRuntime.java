package dev.gameday.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.gameday.GamedayException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@link ContainerRuntime} on docker-java, zerodep transport. The service gets it from
 * {@link DockerRuntimeProducer}. A call that gets no answer (the engine restarted, its socket gone)
 * makes the next call connect afresh: connections pooled before a restart of the engine are dead.
 */
public class DockerContainerRuntime implements ContainerRuntime, AutoCloseable {

    private static final int FREEZE_ATTEMPTS = 3;

    private final DockerConfig config;
    private final DockerFailures failures;
    private volatile DockerClient client;
    private volatile boolean reconnect;
    /** Calls the engine was seen to allow (see {@link #unsupported}); forgotten at a reconnect. */
    private final Set<DockerCall> allowed = ConcurrentHashMap.newKeySet();
    private final HelperContainers helpers;

    public DockerContainerRuntime(DockerConfig config) {
        this(config, Map.of());
    }

    /** A runtime whose helper and lease containers also carry {@code ownLabels}. */
    public DockerContainerRuntime(DockerConfig config, Map<String, String> ownLabels) {
        this.config = config;
        this.failures = new DockerFailures(config);
        this.helpers = new HelperContainers(this, config, ownLabels);
        try {
            this.client = connect(config);
        } catch (DockerUnavailableException e) {
            // not fatal: readiness says it, and every call tries again (a renewed certificate is picked up)
            Log.errorf("%s", e.getMessage());
            this.reconnect = true;
        }
    }

    private static DockerClient connect(DockerConfig config) {
        DockerClientConfig clientConfig = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(config.host())
                .withDockerTlsVerify(false) // TLS is DockerTls's, which never falls back to plain HTTP
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(clientConfig.getDockerHost())
                .sslConfig(config.tlsVerify()
                        ? DockerTls.sslConfig(config.host(), DockerTls.certPath(config), Instant.now())
                        : null)
                .connectionTimeout(config.connectTimeout())
                .responseTimeout(config.responseTimeout())
                .maxConnections(32)
                .build();
        return DockerClientImpl.getInstance(clientConfig, http);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        helpers.close();
        if (client != null) {
            client.close();
        }
    }

    /** The client, built afresh after a call that got no answer, or when the last try could not build one. */
    DockerClient client() {
        if (reconnect) {
            synchronized (this) {
                if (reconnect) {
                    DockerClient stale = client;
                    client = connect(config);
                    reconnect = false;
                    allowed.clear();
                    if (stale != null) {
                        try {
                            stale.close();
                        } catch (IOException | RuntimeException e) {
                            Log.debugf("closing the Docker client of before the reconnect: %s", e.getMessage());
                        }
                        Log.infof("reconnected to the Docker engine at %s", config.host());
                    }
                }
            }
        }
        return client;
    }

    @Override
    public String endpoint() {
        return config.host();
    }

    /**
     * Asks the engine whether it allows each call the operation makes, with a request that changes
     * nothing (see {@link DockerCall#probePath}): a socket proxy that refuses one answers 403, and the
     * step is refused before anything is injected. A call once allowed is not asked again until the
     * service reconnects.
     */
    @Override
    public Optional<String> unsupported(RuntimeOperation operation) {
        for (DockerCall call : DockerCall.of(operation)) {
            if (!allowed.contains(call)) {
                Optional<String> refusal = call("ask whether it allows " + call, () -> refusal(call));
                if (refusal.isPresent()) {
                    return Optional.of("Docker at " + config.host() + " refuses " + call + " (403: " + refusal.get()
                            + "): a socket proxy in front of the engine does not allow it");
                }
                allowed.add(call);
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(DockerCall call) {
        Request.Builder request = Request.builder().method(call.method()).path(call.probePath());
        if (call.method().equals("POST")) {
            // an empty create is refused (400: "Config cannot be empty"); the others name no container
            request.putHeader("Content-Type", "application/json").bodyBytes("{}".getBytes(StandardCharsets.UTF_8));
        }
        try (Response response = ((DockerClientImpl) client()).getHttpClient().execute(request.build())) {
            int status = response.getStatusCode();
            if (status != 403 && !DockerFailures.behindAProxyThatGetsNoAnswer(status)) {
                return Optional.empty();
            }
            String body = DockerFailures.refusalMessage(new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8));
            if (status != 403) {
                throw new DockerException(body, status);
            }
            return Optional.of(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void ping() {
        call("ping", () -> client().pingCmd().exec());
    }

    @Override
    public List<ContainerInfo> list(Map<String, String> labels) {
        return call("list containers", () -> client().listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(labels)
                .exec()
                .stream()
                .map(c -> inspect(c.getId()))
                .toList());
    }

    @Override
    public ContainerInfo inspect(String idOrName) {
        return onContainer(idOrName, "inspect", () -> toInfo(client().inspectContainerCmd(idOrName).exec()));
    }

    @Override
    public void kill(String id, String signal) {
        onContainer(id, "kill", () -> client().killContainerCmd(id).withSignal(signal).exec());
    }

    @Override
    public void stop(String id, Duration timeout) {
        onContainer(id, "stop", () -> {
            try {
                client().stopContainerCmd(id).withTimeout(seconds(timeout)).exec();
            } catch (NotModifiedException alreadyStopped) {
                // stopping a stopped container is what the caller wanted
            }
            return null;
        });
    }

    @Override
    public void start(String id) {
        onContainer(id, "start", () -> {
            try {
                client().startContainerCmd(id).exec();
            } catch (NotModifiedException alreadyRunning) {
                // starting a running container is what the caller wanted
            }
            return null;
        });
    }

    @Override
    public void restart(String id, Duration timeout) {
        onContainer(id, "restart", () -> client().restartContainerCmd(id).withTimeout(seconds(timeout)).exec());
    }

    @Override
    public void pause(String id) {
        // The cgroup freezer gives up when a task will not freeze at once (heavy I/O, a busy host):
        // runc reports "unable to freeze". That passes; a few tries make a pause dependable.
        for (int attempt = 1; ; attempt++) {
            try {
                onContainer(id, "pause", () -> client().pauseContainerCmd(id).exec());
                return;
            } catch (DockerOperationException e) {
                if (attempt == FREEZE_ATTEMPTS || !e.getMessage().contains("unable to freeze")) {
                    throw e;
                }
                Log.warnf("pausing container %s: the freezer gave up (try %d of %d), trying again", id, attempt,
                        FREEZE_ATTEMPTS);
            }
        }
    }

    @Override
    public void unpause(String id) {
        onContainer(id, "unpause", () -> client().unpauseContainerCmd(id).exec());
    }

    @Override
    public void updateCpuQuota(String id, long quotaMicros, long periodMicros) {
        onContainer(id, "update the CPU quota of", () -> client().updateContainerCmd(id)
                .withCpuQuota(quotaMicros)
                .withCpuPeriod(periodMicros)
                .exec());
    }

    @Override
    public HelperResult runInNetworkOf(String id, List<String> command) {
        return helpers.runInNetworkOf(id, command);
    }

    @Override
    public HelperResult runIsolated(List<String> command) {
        return helpers.runIsolated(command);
    }

    @Override
    public String startNamed(String name, Map<String, String> labels, List<String> command) {
        return helpers.startNamed(name, labels, command);
    }

    @Override
    public void remove(String id) {
        try {
            call("remove container " + id, () -> client().removeContainerCmd(id).withForce(true).exec());
        } catch (NotFoundException | DockerOperationException gone) {
            Log.debugf("container %s was already gone: %s", id, gone.getMessage());
        }
    }

    private static int seconds(Duration timeout) {
        return Math.toIntExact(Math.max(0, timeout.toSeconds()));
    }

    private static ContainerInfo toInfo(InspectContainerResponse c) {
        var state = c.getState();
        Map<String, ContainerInfo.NetworkEndpoint> networks = Optional.ofNullable(c.getNetworkSettings())
                .map(n -> n.getNetworks())
                .orElse(Map.of())
                .entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                        e -> new ContainerInfo.NetworkEndpoint(e.getValue().getIpAddress())));
        var hostConfig = c.getHostConfig();
        return new ContainerInfo(
                c.getId(),
                c.getName().startsWith("/") ? c.getName().substring(1) : c.getName(),
                ContainerState.of(state.getStatus()),
                Optional.ofNullable(state.getExitCodeLong()).orElse(0L),
                Optional.ofNullable(c.getConfig().getLabels()).map(Map::copyOf).orElse(Map.of()),
                networks,
                Optional.ofNullable(hostConfig.getCpuQuota()).orElse(0L),
                Optional.ofNullable(hostConfig.getCpuPeriod()).orElse(0L));
    }

    private <T> T onContainer(String id, String action, Supplier<T> call) {
        try {
            return call(action + " container " + id, call);
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(id);
        }
    }

    private void onContainer(String id, String action, Runnable call) {
        onContainer(id, action, () -> {
            call.run();
            return null;
        });
    }

    /** A call to the engine; what it throws comes out as {@link DockerFailures} translates it. */
    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (NotFoundException | GamedayException e) {
            throw e;
        } catch (RuntimeException e) {
            if (DockerFailures.transport(e)) {
                reconnect = true; // pooled connections may all be dead (the engine restarted)
            }
            throw failures.translate(what, e);
        }
    }
}
