package dev.gameday.run;

import dev.gameday.time.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run's time: now, and waiting until an instant in short ticks, so that a run ends (an
 * {@link Aborted}) soon after it is aborted or one of its abort conditions holds.
 */
final class RunClock {

    static final Duration TICK = Duration.ofMillis(200);

    private final Clock clock;
    private final Sleeper sleeper;
    private final Supplier<Optional<String>> abortReason;

    /** @param abortReason why the run must end now, checked at every tick; empty while it may go on */
    RunClock(Clock clock, Sleeper sleeper, Supplier<Optional<String>> abortReason) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.abortReason = abortReason;
    }

    Instant now() {
        return clock.instant();
    }

    void waitUntil(Instant until) {
        while (true) {
            Optional<String> abort = abortReason.get();
            if (abort.isPresent()) {
                throw new Aborted(abort.get());
            }
            Duration left = Duration.between(clock.instant(), until);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            try {
                sleeper.sleep(left.compareTo(TICK) < 0 ? left : TICK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Aborted("the run's thread was interrupted");
            }
        }
    }

    void waitFor(Duration duration) {
        waitUntil(now().plus(duration));
    }
}
