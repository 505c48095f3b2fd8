package dev.gameday.docker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A {@link ContainerRuntime} over several Docker engines, one per failure domain (see
 * {@link EnginesConfig}): every call about a container goes to the engine that holds it.
 *
 * <p>Which engine holds a container comes from the configuration, never from where it was seen: a
 * container labelled {@code gameday.cluster=gdtest} and {@code gameday.host=host-b} is on the engine
 * whose {@code hosts} list {@code gdtest/host-b}; a helper or lease container on the engine its
 * {@code gameday.engine} label names; any other on the engine that lists it. So two engines that
 * are one (two endpoints of one machine's engine, as in the tests) still see each container once. A
 * container whose host no engine lists is {@linkplain UnplacedContainerException unplaced}: it is
 * listed, so that a cluster's view stays whole, but no call is made about it.
 *
 * <p>An engine that does not answer fails every list (the cluster's view would have a hole) and
 * every call about its own containers, naming its endpoint; the others go on.
 */
public final class EngineRouter implements ContainerRuntime, AutoCloseable {

    /** One engine: its name in the configuration, its runtime and the hosts it holds ("gdtest/host-b"). */
    public record Engine(String name, ContainerRuntime runtime, List<String> hosts) {
        public Engine {
            hosts = List.copyOf(hosts);
        }
    }

    /** Where a container is: on {@code engine}, or, when that is null, on none, and why. */
    private record Placement(Engine engine, String unplaced) {}

    private final List<Engine> engines;
    private final Engine home;
    private final Map<String, Placement> placements = new ConcurrentHashMap<>();

    /**
     * @param engines every engine, each name once
     * @param home    the one of them that holds the lab lease and runs the helpers that need no target
     */
    public EngineRouter(List<Engine> engines, Engine home) {
        if (!engines.contains(home)) {
            throw new IllegalArgumentException("the home engine " + home.name() + " is not among " + names(engines));
        }
        Map<String, String> holder = new LinkedHashMap<>();
        for (Engine engine : engines) {
            for (String host : engine.hosts()) {
                String other = holder.putIfAbsent(host, engine.name());
                if (other != null) {
                    throw new IllegalArgumentException("host " + host + " is listed by two engines, " + other + " and "
                            + engine.name() + ": a host is on one engine");
                }
            }
        }
        this.engines = List.copyOf(engines);
        this.home = home;
    }

    public List<Engine> engines() {
        return engines;
    }

    /** "local unix:///var/run/docker.sock, remote tcp://10.0.0.2:2376". */
    @Override
    public String endpoint() {
        return engines.stream().map(e -> e.name() + " " + e.runtime().endpoint()).collect(Collectors.joining(", "));
    }

    /** Why some engine cannot perform {@code operation}, naming it; every engine is asked. */
    @Override
    public Optional<String> unsupported(RuntimeOperation operation) {
        for (Engine engine : engines) {
            Optional<String> why = engine.runtime().unsupported(operation);
            if (why.isPresent()) {
                return Optional.of("on engine " + engine.name() + ": " + why.get());
            }
        }
        return Optional.empty();
    }

    /** Every engine must answer: an engine that does not is named. */
    @Override
    public void ping() {
        for (Engine engine : engines) {
            try {
                engine.runtime().ping();
            } catch (DockerUnavailableException e) {
                throw new DockerUnavailableException("engine " + engine.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String engineOf(String containerId) {
        return engineFor(containerId).runtime().endpoint();
    }

    @Override
    public boolean reaches(String engineEndpoint) {
        return endpoint().equals(engineEndpoint) || byEndpoint(engineEndpoint).isPresent();
    }

    @Override
    public void locate(String containerId, String engineEndpoint) {
        byEndpoint(engineEndpoint).ifPresent(engine -> placements.put(containerId, new Placement(engine, null)));
    }

    @Override
    public List<ContainerInfo> list(Map<String, String> labels) {
        Map<String, ContainerInfo> seen = new LinkedHashMap<>();
        for (Engine engine : engines) {
            for (ContainerInfo container : engine.runtime().list(labels)) {
                Placement placement = placement(container, engine);
                if ((placement.engine() == null || placement.engine() == engine) && !seen.containsKey(container.id())) {
                    placements.put(container.id(), placement);
                    seen.put(container.id(), container);
                }
            }
        }
        return List.copyOf(seen.values());
    }

    @Override
    public ContainerInfo inspect(String idOrName) {
        Placement known = placements.get(idOrName);
        if (known != null && known.engine() != null) {
            return known.engine().runtime().inspect(idOrName);
        }
        for (Engine engine : engines) {
            ContainerInfo container;
            try {
                container = engine.runtime().inspect(idOrName);
            } catch (ContainerNotFoundException notHere) {
                continue;
            }
            Placement placement = placement(container, engine);
            if (placement.engine() == null || placement.engine() == engine) {
                placements.put(container.id(), placement);
                return container;
            }
        }
        throw new ContainerNotFoundException(idOrName);
    }

    @Override
    public void kill(String id, String signal) {
        engineFor(id).runtime().kill(id, signal);
    }

    @Override
    public void stop(String id, Duration timeout) {
        engineFor(id).runtime().stop(id, timeout);
    }

    @Override
    public void start(String id) {
        engineFor(id).runtime().start(id);
    }

    @Override
    public void restart(String id, Duration timeout) {
        engineFor(id).runtime().restart(id, timeout);
    }

    @Override
    public void pause(String id) {
        engineFor(id).runtime().pause(id);
    }

    @Override
    public void unpause(String id) {
        engineFor(id).runtime().unpause(id);
    }

    @Override
    public void updateCpuQuota(String id, long quotaMicros, long periodMicros) {
        engineFor(id).runtime().updateCpuQuota(id, quotaMicros, periodMicros);
    }

    /** The helper runs on the target's engine: a namespace is shared only on one host. */
    @Override
    public HelperResult runInNetworkOf(String id, List<String> command) {
        return engineFor(id).runtime().runInNetworkOf(id, command);
    }

    @Override
    public HelperResult runIsolated(List<String> command) {
        return home.runtime().runIsolated(command);
    }

    /** On the home engine, which makes the name unique: the lab lease is one container of one engine. */
    @Override
    public String startNamed(String name, Map<String, String> labels, List<String> command) {
        return home.runtime().startNamed(name, labels, command);
    }

    @Override
    public void remove(String id) {
        Engine engine;
        try {
            engine = engineFor(id);
        } catch (ContainerNotFoundException gone) {
            return;
        }
        engine.runtime().remove(id);
        placements.remove(id);
    }

    @Override
    public void close() throws Exception {
        for (Engine engine : engines) {
            if (engine.runtime() instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The engine of a container, found by inspecting it when it has not been seen yet. */
    private Engine engineFor(String id) {
        Placement placement = placements.get(id);
        if (placement == null) {
            inspect(id);
            placement = Objects.requireNonNull(placements.get(id), id);
        }
        if (placement.engine() == null) {
            throw new UnplacedContainerException(placement.unplaced());
        }
        return placement.engine();
    }

    /** Where the configuration puts a container that {@code seenOn} lists. */
    private Placement placement(ContainerInfo container, Engine seenOn) {
        String named = container.labels().get(ENGINE_LABEL);
        if (named != null) {
            return engines.stream().filter(e -> e.name().equals(named)).findFirst()
                    .map(e -> new Placement(e, null))
                    .orElseGet(() -> new Placement(null, "container " + container.describe() + " carries " + ENGINE_LABEL
                            + "=" + named + ", an engine that is not configured (engines: " + names(engines) + ")"));
        }
        String host = container.labels().get(HOST_LABEL);
        if (host == null) {
            return new Placement(seenOn, null);
        }
        String key = container.labels().getOrDefault("gameday.cluster", "") + "/" + host;
        return engines.stream().filter(e -> e.hosts().contains(key)).findFirst()
                .map(e -> new Placement(e, null))
                .orElseGet(() -> new Placement(null, "container " + container.describe() + " is on host " + key
                        + ", which no engine holds: list it in gameday.engines.<engine>.hosts (engines: "
                        + engines.stream().map(e -> e.name() + " " + e.hosts()).collect(Collectors.joining(", "))
                        + ")"));
    }

    private Optional<Engine> byEndpoint(String endpoint) {
        return engines.stream().filter(e -> e.runtime().endpoint().equals(endpoint)).findFirst();
    }

    private static List<String> names(List<Engine> engines) {
        return engines.stream().map(Engine::name).toList();
    }
}
