package dev.gameday.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which registered brokers answer from an old view of the cluster: their metadata lags the quorum leader's. */
class MetadataLagTest {

    static final long NOW = 1_700_000_000_000L;

    @Test
    void brokersFetchingTheMetadataLogAreCaughtUp() {
        assertThat(ClusterInspector.behind(1, Map.of(1, NOW, 2, NOW - 400, 3, NOW - 900), Set.of(1, 2, 3))).isEmpty();
    }

    @Test
    void aBrokerThatStoppedFetchingForMoreThanThreeSecondsIsBehind() {
        assertThat(ClusterInspector.behind(1, Map.of(1, NOW, 2, NOW - 400, 3, NOW - 3_500), Set.of(1, 2, 3)))
                .containsExactly(3);
    }

    @Test
    void aDeadBrokerIsNotBehindItIsGone() {
        assertThat(ClusterInspector.behind(1, Map.of(1, NOW, 2, NOW, 3, NOW - 60_000), Set.of(1, 2))).isEmpty();
    }

    @Test
    void aBrokerBehindMakesTheClusterUnhealthyAndItsReadingsNotCurrent() {
        ClusterSnapshot reading = new ClusterSnapshot(Instant.ofEpochMilli(NOW), 1, Set.of(1, 2, 3), Set.of(1, 2, 3), 6, 0,
                Map.of(), 0, Map.of(), Set.of(3), Set.of(), null);
        assertThat(reading.healthy()).isFalse();
        assertThat(reading.current()).isFalse();
        assertThat(reading.problems()).containsExactly("broker(s) [3] behind on the cluster metadata");
    }

    @Test
    void aVoterThatHasNotCaughtUpSinceTheLeaderWasElectedIsBehind() {
        Map<Integer, Long> caughtUp = Map.of(101, NOW, 102, NOW - 200, 103, Long.MIN_VALUE);
        assertThat(ClusterInspector.behind(101, caughtUp, caughtUp.keySet())).containsExactly(103);
    }

    @Test
    void onlyDedicatedControllersAreJudgedAsControllers() {
        // combined nodes 1-3 (node 3 down, already a broker that holds replicas but is not registered)
        assertThat(ClusterInspector.controllersOnly(Set.of(3), Set.of(1, 2, 3), Set.of(1, 2))).isEmpty();
        // dedicated controllers 101-103 beside brokers 1-3
        assertThat(ClusterInspector.controllersOnly(Set.of(102), Set.of(1, 2, 3), Set.of(1, 2, 3))).containsExactly(102);
    }

    @Test
    void aControllerBehindMakesTheClusterUnhealthyButItsReadingsCurrent() {
        ClusterSnapshot reading = new ClusterSnapshot(Instant.ofEpochMilli(NOW), 101, Set.of(1, 2, 3), Set.of(1, 2, 3), 6,
                0, Map.of(), 0, Map.of(), Set.of(), Set.of(102), null);
        assertThat(reading.healthy()).isFalse();
        assertThat(reading.current()).isTrue();
        assertThat(reading.problems()).containsExactly("controller(s) [102] behind the quorum leader (down or cut off)");
    }
}
