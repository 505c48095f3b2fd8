package dev.gameday.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** How the group probe's members and the transactional producer are configured, per protocol and mode. */
class GroupMemberConfigTest {

    static final Map<String, Object> CLIENT = Map.of("bootstrap.servers", "kafka-1:9092");

    static ProbeSettings settings(GroupSettings group) {
        return new ProbeSettings(null, null, null, null, null, null, null, null, null, null, group, null, null, null, null,
                null, null, null)
                .ownedBy("gc-kill");
    }

    @Test
    void aClassicMemberUsesTheCooperativeStickyAssignorItsSessionTimeoutAndCommitsItself() {
        Map<String, Object> props = GroupMemberProbe.config(CLIENT, settings(new GroupSettings(null, 3, "classic", null,
                null, Duration.ofSeconds(6))), 4);

        assertThat(props).containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "gameday-gc-kill")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "gameday-gc-kill-member-4")
                .containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        List.of(CooperativeStickyAssignor.class.getName()))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6_000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    }

    @Test
    void aConsumerProtocolMemberLeavesAssignmentAndSessionToTheBroker() {
        Map<String, Object> props = GroupMemberProbe.config(CLIENT, settings(new GroupSettings(null, 3, "consumer", null,
                null, null)), 0);

        assertThat(props).containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer")
                .doesNotContainKeys(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
    }

    @Test
    void withTransactionsTheMembersReadCommittedAndTheProducerHasTheExperimentsTransactionalId() {
        ProbeSettings settings = new ProbeSettings(null, null, null, null, null, null, null, null, null, null,
                new GroupSettings(null, null, null, null, null, null), true, null, null, null, null, null, null).ownedBy("tc-kill");

        assertThat(GroupMemberProbe.config(CLIENT, settings, 0))
                .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        assertThat(ProducerProbe.config(CLIENT, settings))
                .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "gameday-tc-kill")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
        assertThat(settings.transactionRecords()).isEqualTo(10);
        assertThat(settings.abortEvery()).isEqualTo(10);
    }
}
