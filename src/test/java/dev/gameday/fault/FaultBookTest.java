package dev.gameday.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gameday.GamedayException;
import dev.gameday.fault.FaultBook.State;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultBookTest {

    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    final FaultBook book = new FaultBook();

    static ActiveFault pause(String id, String container) {
        return new ActiveFault(id, "run-1", "test", 1, "pause",
                List.of(new Effect.Paused(container, container.replace("id-", ""))), NOW, NOW.plusSeconds(30));
    }

    @Test
    void aFaultGoesThroughItsStatesAndLeavesTheBookWhenReverted() {
        book.reserve(pause("f", "id-kafka-1"));
        assertThat(book.state("f")).isEqualTo(State.INJECTING);
        assertThat(book.injected("f")).isEmpty();
        assertThat(book.state("f")).isEqualTo(State.ACTIVE);
        assertThat(book.beginRevert("f", "step ended")).isPresent();
        assertThat(book.state("f")).isEqualTo(State.REVERTING);
        assertThat(book.beginRevert("f", "abort")).as("another path reverting it").isEmpty();
        book.revertFailed("f", NOW);
        assertThat(book.state("f")).isEqualTo(State.REVERT_FAILED);
        assertThat(book.beginRevert("f", "watchdog")).isPresent();
        book.reverted("f");
        assertThat(book.state("f")).isEqualTo(State.REVERTED);
        assertThat(book.faults()).isEmpty();
        assertThat(book.beginRevert("f", "again")).isEmpty();
    }

    @Test
    void aContainerStaysHeldInEveryStateUntilReverted() {
        book.reserve(pause("f", "id-kafka-1"));
        assertConflict("being injected");
        book.injected("f");
        assertConflict("already active on it");
        book.beginRevert("f", "test");
        assertConflict("being reverted");
        book.revertFailed("f", NOW);
        assertConflict("its revert failed");
        book.beginRevert("f", "test");
        book.reverted("f");
        book.reserve(pause("g", "id-kafka-1"));
        assertThat(book.state("g")).isEqualTo(State.INJECTING);
    }

    private void assertConflict(String why) {
        assertThatThrownBy(() -> book.reserve(pause("other", "id-kafka-1")))
                .isInstanceOfSatisfying(GamedayException.class,
                        e -> assertThat(e.kind()).isEqualTo(GamedayException.Kind.CONFLICT))
                .hasMessageContaining(why);
    }

    @Test
    void aRevertAskedWhileInjectingIsHandedToTheInjectingThread() {
        book.reserve(pause("f", "id-kafka-1"));
        assertThat(book.beginRevert("f", "aborted")).isEmpty();
        assertThat(book.beginRevert("f", "deadline")).isEmpty();
        assertThat(book.injected("f")).contains("aborted");
        assertThat(book.beginRevert("f", "aborted")).isPresent();
    }

    @Test
    void theWatchdogGetsActiveFaultsPastTheirDeadlineAndFailedRevertsWhenDueWithABackOff() {
        book.reserve(pause("late", "id-kafka-1"));
        book.reserve(pause("injecting", "id-kafka-2"));
        book.injected("late");
        assertThat(book.due(NOW.plusSeconds(30))).as("at its deadline").isEmpty();
        assertThat(book.due(NOW.plusSeconds(31))).extracting(d -> d.fault().id()).containsExactly("late");
        assertThat(book.overdue(NOW.plusSeconds(31))).isEqualTo(2);

        book.beginRevert("late", "deadline");
        assertThat(book.due(NOW.plusSeconds(31))).as("being reverted").isEmpty();
        FaultBook.NextTry first = book.revertFailed("late", NOW.plusSeconds(31));
        assertThat(first.at()).isEqualTo(NOW.plusSeconds(32));
        assertThat(book.due(NOW.plusMillis(31_999))).isEmpty();
        assertThat(book.due(NOW.plusSeconds(32))).singleElement().satisfies(d -> assertThat(d.retry()).isEqualTo(first));

        book.beginRevert("late", "watchdog");
        assertThat(book.revertFailed("late", NOW.plusSeconds(32)).at()).isEqualTo(NOW.plusSeconds(34));
        book.retryAllAt(NOW.plusSeconds(33));
        assertThat(book.due(NOW.plusSeconds(33))).extracting(d -> d.fault().id()).containsExactly("late");
    }

    @Test
    void retriesWaitTwiceAsLongEachTimeUpToThirtySeconds() {
        FaultBook.NextTry retry = FaultBook.NextTry.first(NOW);
        StringBuilder waits = new StringBuilder(Duration.between(NOW, retry.at()).toSeconds() + "");
        for (int i = 0; i < 6; i++) {
            retry = retry.next(NOW);
            waits.append(' ').append(Duration.between(NOW, retry.at()).toSeconds());
        }
        assertThat(waits).hasToString("1 2 4 8 16 30 30");
    }
}
