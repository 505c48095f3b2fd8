package dev.gameday.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock of the service, the one way it waits, retries and schedules: tests replace them
 * (FakeTime) to make time-dependent behaviour exact and instant.
 */
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Sleeper sleeper() {
        return Sleeper.SYSTEM;
    }

    @Produces
    @Singleton
    Retry retry(Clock clock, Sleeper sleeper) {
        return new Retry(clock, sleeper);
    }
}
