package dev.gameday.experiment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Where experiment definitions live. */
@ConfigMapping(prefix = "gameday.experiments")
public interface ExperimentsConfig {

    /** Experiments as *.yaml; suites in its suites/ subdirectory. */
    @WithDefault("experiments")
    Path dir();
}
