package dev.gameday.time;

import java.time.Duration;

/** Runs a task once a delay has passed, on the service's clock: FakeTime runs it when a test's time gets there. */
public interface Scheduler {

    void schedule(Duration delay, Runnable task);
}
