package dev.gameday.lease;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The lab lease (see {@link LabLease}). */
@ConfigMapping(prefix = "gameday.lease")
public interface LeaseConfig {

    /**
     * How long a lease lasts after its last renewal: a service that dies keeps other services out of
     * its lab this long. It is renewed every third of it.
     */
    @WithDefault("60s")
    Duration ttl();
}
