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

    /**
     * Longest wait for one request, before the probe asks the next node. While one node of two is killed
     * and its JVM starts again, the other shares two cores with that start: its slowest answer per run
     * was 401-2,060 ms (median 567 ms, 9 runs of bench/run.sh registry 10 30s, idle machine; the
     * integrations test prints the same figures under CI's load). 10 s is five times the worst: a node
     * slower than that is down for a client as well.
     */
    @WithDefault("10s")
    Duration requestTimeout();
}
