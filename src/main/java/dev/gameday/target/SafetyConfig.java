package dev.gameday.target;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** The limits on what a game day may touch, and how it makes sure every fault ends. */
@ConfigMapping(prefix = "gameday.safety")
public interface SafetyConfig {

    /**
     * The allow-list: only containers carrying this label (key=value) can be targets. Anything
     * else is refused before any Docker call is made.
     */
    @WithDefault("gameday.target=true")
    String targetLabel();

    /** The fault journal, forced to disk before every injection. */
    Path journal();

    /** Added to a fault's duration to make the watchdog's deadline. */
    @WithDefault("30s")
    Duration revertGrace();

    /** No step may hold a fault longer than this. */
    @WithDefault("1h")
    Duration maxFaultDuration();

    /**
     * At start-up, after reverting what the journal shows open, also remove every iptables rule
     * the service owns from the allow-listed containers. Turn off only if two services share a cluster.
     */
    @WithDefault("true")
    boolean sweepOnStart();
}
