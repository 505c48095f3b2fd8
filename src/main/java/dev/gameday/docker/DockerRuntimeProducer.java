package dev.gameday.docker;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one {@link ContainerRuntime} of the service, typed by its interface so tests can replace it:
 * the engine of {@code gameday.docker.host}, or with {@code gameday.engines} configured an
 * {@link EngineRouter} over them.
 */
public class DockerRuntimeProducer {

    @Produces
    @ApplicationScoped
    ContainerRuntime runtime(DockerConfig config, EnginesConfig engines) {
        return create(config, engines);
    }

    void close(@Disposes ContainerRuntime runtime) throws Exception {
        if (runtime instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The runtime this configuration asks for; the caller closes it. Also used before Quarkus starts. */
    public static ContainerRuntime create(DockerConfig config, EnginesConfig engines) {
        if (engines.engines().isEmpty()) {
            return new DockerContainerRuntime(config);
        }
        List<String> homeless = engines.engines().entrySet().stream()
                .filter(e -> e.getValue().host().isEmpty()).map(Map.Entry::getKey).toList();
        if (homeless.size() != 1) {
            throw new IllegalArgumentException(homeless.isEmpty()
                    ? "gameday.engines: one engine must leave out its host, the engine of gameday.docker.host ("
                            + config.host() + "), which holds the lab lease"
                    : "gameday.engines." + homeless.get(1) + ".host: only one engine may leave it out (" + homeless.get(0)
                            + " does): that one is gameday.docker.host's");
        }
        List<EngineRouter.Engine> all = new ArrayList<>();
        EngineRouter.Engine home = null;
        try {
            for (var entry : engines.engines().entrySet()) {
                String name = entry.getKey();
                EnginesConfig.Engine engine = entry.getValue();
                DockerConfig own = engine.host().isEmpty() ? config : of(config, engine);
                EngineRouter.Engine routed = new EngineRouter.Engine(name,
                        new DockerContainerRuntime(own, Map.of(ContainerRuntime.ENGINE_LABEL, name)), engine.hosts());
                all.add(routed);
                if (engine.host().isEmpty()) {
                    home = routed;
                }
            }
            return new EngineRouter(all, home);
        } catch (RuntimeException e) {
            // a later engine's certificates, or a host listed twice: the clients already made are closed
            all.forEach(engine -> closeQuietly(engine.runtime()));
            throw e;
        }
    }

    private static void closeQuietly(ContainerRuntime runtime) {
        if (runtime instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing a client that was never used: nothing to report beside the error that ended the start
            }
        }
    }

    /** gameday.docker's timeouts and helper image, with the engine's own address and TLS. */
    private static DockerConfig of(DockerConfig base, EnginesConfig.Engine engine) {
        return new DockerConfig() {
            public String host() {
                return engine.host().orElseThrow();
            }

            public boolean tlsVerify() {
                return engine.tlsVerify();
            }

            public Optional<String> certPath() {
                return engine.certPath();
            }

            public Duration connectTimeout() {
                return base.connectTimeout();
            }

            public Duration responseTimeout() {
                return base.responseTimeout();
            }

            public String helperImage() {
                return base.helperImage();
            }
        };
    }
}
