package dev.gameday.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one wait for a healthy cluster: before a run, before a step that awaits it, for recovery,
 * and between the brokers of a rolling restart. Healthy means two healthy readings in a row about
 * a second apart, because one reading can catch a broker midway (registered again, its replicas
 * not yet caught up).
 */
public final class HealthWait {

    static final Duration BETWEEN_READINGS = Duration.ofSeconds(1);

    private HealthWait() {}

    /**
     * Reads until two readings in a row are healthy, or {@code within} has passed.
     *
     * @param read       takes one reading (a run's also records it as a cluster sample)
     * @param waitUntil  waits until the instant given (a run's also watches for an abort)
     * @return the last reading: healthy, or what was still wrong when time was up
     */
    public static ClusterSnapshot await(Clock clock, Duration within, Supplier<ClusterSnapshot> read,
                                        Consumer<Instant> waitUntil) {
        Instant deadline = clock.instant().plus(within);
        ClusterSnapshot last = read.get();
        boolean previous = false;
        while (!(last.healthy() && previous) && !clock.instant().isAfter(deadline)) {
            previous = last.healthy();
            waitUntil.accept(clock.instant().plus(BETWEEN_READINGS));
            last = read.get();
        }
        return last;
    }
}
