package dev.gameday.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The schema registry nodes a run's registry probe uses ({@code probe.registry}). */
@ConfigMapping(prefix = "gameday.registry")
public interface RegistryConfig {

    /** Each node's REST API, e.g. http://registry-1:8990, http://registry-2:8990. */
    Optional<List<URI>> nodes();

    /** Longest wait for one request. */
    @WithDefault("2s")
    Duration requestTimeout();
}
