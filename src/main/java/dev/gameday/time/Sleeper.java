package dev.gameday.time;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The one way the service waits, next to its one {@link java.time.Clock}: behind an interface so
 * that whatever waits (a run's phases, a health wait) is unit-tested without waiting.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps at least the duration: a part of a millisecond counts as a whole one. */
    Sleeper SYSTEM = duration -> Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Math.max(0, duration.toNanos()) + 999_999));

    void sleep(Duration duration) throws InterruptedException;
}
