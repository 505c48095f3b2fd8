package dev.gameday;

import java.time.Duration;

/**
 * The one way the service waits, next to its one {@link java.time.Clock}: behind an interface so
 * that whatever waits (a run's phases, a health wait) is unit-tested without waiting.
 */
@FunctionalInterface
public interface Sleeper {

    Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0, duration.toMillis()));

    void sleep(Duration duration) throws InterruptedException;
}
