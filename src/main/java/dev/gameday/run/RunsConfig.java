package dev.gameday.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How runs treat the cluster around them. */
@ConfigMapping(prefix = "gameday.runs")
public interface RunsConfig {

    /** How long a run waits for a healthy cluster before it gives up as ABORTED, injecting nothing. */
    @WithDefault("2m")
    Duration steadyStateTimeout();
}
