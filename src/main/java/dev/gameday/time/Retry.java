package dev.gameday.time;

import dev.gameday.GamedayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Tries something again until it succeeds or a deadline passes, on a clock and a sleeper: fakes in a
 * unit test, which then walks through every attempt in no time. The one retry loop of the service.
 */
public final class Retry {

    /** On the system's clock, sleeping for real: for what runs outside the container (the CLI). */
    public static final Retry SYSTEM = new Retry(Clock.systemUTC(), Sleeper.SYSTEM);

    /** What an attempt throws when it has not succeeded yet, saying why: the last why ends up in the timeout's message. */
    public static final class NotYet extends RuntimeException {
        NotYet(String why, Throwable cause) {
            super(why, cause, false, false); // expected, and frequent: no stack trace
        }
    }

    /** The deadline passed; {@link #getCause()} is the last attempt's failure, if it had one. */
    public static final class TimedOut extends GamedayException {
        private final String lastReason;

        TimedOut(String message, String lastReason, Throwable cause) {
            super(Kind.FAILED, message, cause);
            this.lastReason = lastReason;
        }

        /** Why the last attempt did not succeed. */
        public String lastReason() {
            return lastReason;
        }
    }

    /** One attempt: returns its result, or throws {@link NotYet} to be tried again. */
    @FunctionalInterface
    public interface Attempt<T> {
        T attempt() throws NotYet;
    }

    public static NotYet notYet(String why) {
        return new NotYet(why, null);
    }

    /** Not yet, because of {@code failure} (an exception the attempt expects while it waits). */
    public static NotYet notYet(String why, Throwable failure) {
        return new NotYet(why, failure);
    }

    private final Clock clock;
    private final Sleeper sleeper;

    public Retry(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public Clock clock() {
        return clock;
    }

    /** Waits, on this retry's sleeper: for what paces itself rather than retries (a probe's next request). */
    public void sleep(Duration duration) throws InterruptedException {
        sleeper.sleep(duration);
    }

    /** As {@link #until(String, Instant, Duration, Attempt)}, for at most {@code within} from now. */
    public <T> T within(String what, Duration within, Duration interval, Attempt<T> attempt) {
        return until(what, clock.instant().plus(within), interval, attempt);
    }

    /**
     * Attempts at once, then every {@code interval} (never past the deadline) until an attempt returns,
     * and returns what it returned. Anything but {@link NotYet} that an attempt throws ends the retry
     * there. When the deadline passes: {@link TimedOut} "WHAT: not within N ms (last: WHY)"; when the
     * thread is interrupted: a FAILED {@link GamedayException}, the interrupt status kept.
     */
    public <T> T until(String what, Instant deadline, Duration interval, Attempt<T> attempt) {
        Instant start = clock.instant();
        while (true) {
            NotYet last;
            try {
                return attempt.attempt();
            } catch (NotYet notYet) {
                last = notYet;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new TimedOut(what + ": not within " + Duration.between(start, deadline).toMillis() + " ms (last: "
                        + last.getMessage() + ")", last.getMessage(), last.getCause());
            }
            Duration left = Duration.between(now, deadline);
            try {
                sleeper.sleep(left.compareTo(interval) < 0 ? left : interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GamedayException(GamedayException.Kind.FAILED, "interrupted while waiting for " + what, e);
            }
        }
    }
}
