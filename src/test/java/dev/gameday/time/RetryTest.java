package dev.gameday.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.FakeTime;
import dev.gameday.GamedayException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    final FakeTime time = new FakeTime(START);
    final Retry retry = new Retry(time, time);

    @Test
    void anAttemptThatSucceedsAtOnceDoesNotWait() {
        assertThat(retry.within("now", Duration.ofSeconds(5), Duration.ofSeconds(1), () -> "done")).isEqualTo("done");
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void itTriesAgainEveryIntervalUntilAnAttemptSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        int result = retry.within("the third attempt", Duration.ofSeconds(10), Duration.ofMillis(500), () -> {
            if (attempts.incrementAndGet() < 3) {
                throw Retry.notYet("attempt " + attempts.get());
            }
            return attempts.get();
        });

        assertThat(result).isEqualTo(3);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
        assertThat(time.instant()).isEqualTo(START.plusSeconds(1));
    }

    @Test
    void atTheDeadlineItNamesWhatWhenAndTheLastReasonAndKeepsItsCause() {
        IllegalStateException refused = new IllegalStateException("connection refused");

        assertThatThrownBy(() -> retry.within("an answer of node 1", Duration.ofMillis(1_200), Duration.ofMillis(500),
                () -> {
                    throw Retry.notYet("refused at " + time.instant(), refused);
                }))
                .isInstanceOfSatisfying(Retry.TimedOut.class, e -> {
                    assertThat(e.kind()).isEqualTo(GamedayException.Kind.FAILED);
                    assertThat(e.lastReason()).isEqualTo("refused at 2026-11-28T10:00:01.200Z");
                })
                .hasMessage("an answer of node 1: not within 1200 ms (last: refused at 2026-11-28T10:00:01.200Z)")
                .hasCause(refused);
        // never past the deadline: the last wait is what was left of it, and an attempt is made at the deadline
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(200));
    }

    @Test
    void anythingElseAnAttemptThrowsEndsTheRetryThere() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> retry.within("a topic", Duration.ofSeconds(10), Duration.ofSeconds(1), () -> {
            attempts.incrementAndGet();
            throw new GamedayException(GamedayException.Kind.INVALID, "no such topic");
        })).hasMessage("no such topic");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anInterruptedWaitEndsTheRetryAndKeepsTheInterrupt() {
        Retry interrupted = new Retry(time, duration -> {
            throw new InterruptedException();
        });
        try {
            assertThatThrownBy(() -> interrupted.within("a leader", Duration.ofSeconds(3), Duration.ofMillis(100), () -> {
                throw Retry.notYet("none");
            })).isInstanceOf(GamedayException.class).hasMessage("interrupted while waiting for a leader");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
