package dev.gameday.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.experiment.AbortConditions;
import dev.gameday.kafka.ClusterSnapshot;
import dev.gameday.kafka.ClusterSnapshot.OfflinePartitions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The abort conditions, on cluster readings a second apart. */
class AbortWatchTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    static ClusterSnapshot reading(long second, Map<String, OfflinePartitions> offline, int underReplicated) {
        return new ClusterSnapshot(START.plusSeconds(second), 1, Set.of(1, 2, 3), Set.of(1, 2, 3), 40, underReplicated,
                offline, 0, Map.of(), Set.of(), Set.of(), null);
    }

    static OfflinePartitions offline(Integer... partitions) {
        return new OfflinePartitions(partitions.length, List.of(partitions));
    }

    final AbortWatch watch = new AbortWatch(new AbortConditions(Duration.ofSeconds(10), null), "gameday-probe");

    @Test
    void offlinePartitionsSeenWhileABrokerLagsOnMetadataAreNoEvidence() {
        for (int s = 0; s <= 60; s++) {
            ClusterSnapshot r = reading(s, Map.of("gameday-probe", offline(0)), 0);
            watch.observe(new ClusterSnapshot(r.at(), r.controller(), r.liveBrokers(), r.replicaBrokers(), r.partitions(),
                    r.underReplicated(), r.offlineByTopic(), r.underMinIsr(), r.watched(), Set.of(3), Set.of(), null));
        }
        assertThat(watch.reason()).isEmpty();

        for (int s = 61; s <= 71; s++) {
            watch.observe(reading(s, Map.of("gameday-probe", offline(0)), 0));
        }
        assertThat(watch.reason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("abort condition: offline partitions for 10s").endsWith(": gameday-probe-0"));
    }

    @Test
    void offlinePartitionsOfATopicTheRunDoesNotProbeNeverAbortIt() {
        for (int s = 0; s <= 60; s++) {
            watch.observe(reading(s, Map.of("orders", offline(0, 1, 2)), 0));
        }
        assertThat(watch.reason()).isEmpty();
    }

    @Test
    void offlinePartitionsOfTheProbeTopicOrAnInternalTopicAbortOnceTheyLastAndAreNamed() {
        Map<String, OfflinePartitions> offline = Map.of("orders", offline(5), "gameday-probe", offline(0, 3),
                "__consumer_offsets", offline(7));
        for (int s = 0; s < 10; s++) {
            watch.observe(reading(s, offline, 0));
            assertThat(watch.reason()).isEmpty();
        }
        watch.observe(reading(10, offline, 0));
        assertThat(watch.reason()).contains("abort condition: offline partitions for 10s (abortWhen.offlinePartitionsFor "
                + "10s): gameday-probe-0, gameday-probe-3, __consumer_offsets-7");
    }

    @Test
    void aReadingWithoutThemStartsTheStretchAgain() {
        Map<String, OfflinePartitions> offline = Map.of("__transaction_state", offline(1));
        IntStream.rangeClosed(0, 8).forEach(s -> watch.observe(reading(s, offline, 0)));
        watch.observe(reading(9, Map.of(), 0));
        IntStream.rangeClosed(10, 19).forEach(s -> watch.observe(reading(s, offline, 0)));
        assertThat(watch.reason()).isEmpty();

        watch.observe(reading(20, offline, 0));
        assertThat(watch.reason()).get().asString().startsWith("abort condition: offline partitions for 10s");
    }

    @Test
    void atMostTenPartitionsAreNamedThenHowManyMore() {
        OfflinePartitions many = new OfflinePartitions(25, List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        watch.observe(reading(0, Map.of("gameday-probe", many, "__consumer_offsets", offline(4)), 0));
        watch.observe(reading(10, Map.of("gameday-probe", many, "__consumer_offsets", offline(4)), 0));

        assertThat(watch.reason()).get().asString().endsWith(": gameday-probe-0, gameday-probe-1, gameday-probe-2, "
                + "gameday-probe-3, gameday-probe-4, gameday-probe-5, gameday-probe-6, gameday-probe-7, "
                + "gameday-probe-8, gameday-probe-9 and 16 more");
    }

    @Test
    void anUnhealthyClusterCountsAsAWhole() {
        AbortWatch unhealthy = new AbortWatch(new AbortConditions(null, Duration.ofMinutes(1)), "gameday-probe");
        IntStream.rangeClosed(0, 59).forEach(s -> unhealthy.observe(reading(s, Map.of(), 4)));
        assertThat(unhealthy.reason()).isEmpty();

        unhealthy.observe(reading(60, Map.of(), 4));
        assertThat(unhealthy.reason()).contains("abort condition: cluster unhealthy for 1m (abortWhen.unhealthyFor 1m)");
    }

    @Test
    void aReadingTakenBeforeOneAlreadySeenChangesNothing() {
        Map<String, OfflinePartitions> offline = Map.of("gameday-probe", offline(2));
        IntStream.rangeClosed(0, 9).forEach(s -> watch.observe(reading(s, offline, 0)));
        watch.observe(reading(5, Map.of(), 0)); // the other thread's reading, finished late
        watch.observe(reading(10, offline, 0));

        assertThat(watch.reason()).isPresent();
    }
}
