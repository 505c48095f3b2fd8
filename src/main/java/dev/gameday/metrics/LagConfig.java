package dev.gameday.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** Which consumer groups' lag the service exports, and how often it reads it. */
@ConfigMapping(prefix = "gameday.lag")
public interface LagConfig {

    /** Consumer group ids; the probe's own group by default. */
    @WithDefault("gameday-probe")
    List<String> groups();

    @WithDefault("15s")
    Duration interval();
}
