package dev.gameday;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one clock of the service and the one way it waits; tests replace them to make time-dependent behaviour exact. */
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
}
