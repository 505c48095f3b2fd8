package dev.gameday.kafka;

import java.time.Duration;

/** Waits until the cluster is healthy again; a rolling restart passes it before each next broker. */
public interface HealthGate {

    /**
     * Returns once healthy (see {@link HealthWait}); throws a {@link dev.gameday.GamedayException}
     * naming what is still wrong after {@code within}.
     */
    void awaitHealthy(Duration within);
}
