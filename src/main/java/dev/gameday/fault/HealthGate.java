package dev.gameday.fault;

import java.time.Duration;

/** Waits until the cluster is healthy again; a rolling restart passes it before each next broker. */
public interface HealthGate {

    /** Returns once healthy; throws {@link FaultException} naming what is still wrong after {@code within}. */
    void awaitHealthy(Duration within);
}
