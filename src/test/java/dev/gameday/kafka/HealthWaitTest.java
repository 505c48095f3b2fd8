package dev.gameday.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthWaitTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    final FakeTime time = new FakeTime(START);
    final List<Instant> readAt = new ArrayList<>();

    static ClusterSnapshot reading(Instant at, boolean healthy) {
        return new ClusterSnapshot(at, 1, Set.of(1, 2, 3), Set.of(1, 2, 3), 6, healthy ? 0 : 2, Map.of(), 0, Map.of(),
                Set.of(), Set.of(), null);
    }

    /** Readings healthy or not in the order given; the last one repeats. */
    ClusterSnapshot await(Duration within, Boolean... healthy) {
        return HealthWait.await(time, within, () -> {
            readAt.add(time.instant());
            return reading(time.instant(), healthy[Math.min(readAt.size() - 1, healthy.length - 1)]);
        }, until -> time.advance(Duration.between(time.instant(), until)));
    }

    @Test
    void oneHealthyReadingIsNotEnoughTwoInARowASecondApartAre() {
        ClusterSnapshot last = await(Duration.ofMinutes(1), false, true, false, true, true);

        assertThat(last.healthy()).isTrue();
        assertThat(readAt).containsExactly(START, START.plusSeconds(1), START.plusSeconds(2), START.plusSeconds(3),
                START.plusSeconds(4));
    }

    @Test
    void whenTimeIsUpTheLastReadingSaysWhatIsStillWrong() {
        ClusterSnapshot last = await(Duration.ofSeconds(5), false);

        assertThat(last.healthy()).isFalse();
        assertThat(last.problems()).containsExactly("2 under-replicated partition(s)");
        assertThat(last.at()).isEqualTo(START.plusSeconds(6));
    }

    @Test
    void aClusterHealthyFromTheStartPassesAfterASecondReading() {
        assertThat(await(Duration.ofMinutes(1), true).healthy()).isTrue();
        assertThat(readAt).containsExactly(START, START.plusSeconds(1));
    }
}
