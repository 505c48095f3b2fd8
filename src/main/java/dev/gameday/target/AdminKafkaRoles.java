package dev.gameday.target;

import dev.gameday.GamedayException;
import dev.gameday.kafka.KafkaClients;
import dev.gameday.time.Retry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

/** {@link KafkaRoles} from the Admin API: describeCluster, describeTopics, describeMetadataQuorum. */
@ApplicationScoped
public class AdminKafkaRoles implements KafkaRoles {

    private static final Duration LEADERLESS_GRACE = Duration.ofSeconds(3);
    private static final Duration LEADER_ASKED_EVERY = Duration.ofMillis(100);

    private final KafkaClients clients;
    private final Retry retry;

    public AdminKafkaRoles(KafkaClients clients, Retry retry) {
        this.clients = clients;
        this.retry = retry;
    }

    @Override
    public List<Integer> brokerIds() {
        return brokers(new DescribeClusterOptions());
    }

    @Override
    public List<Integer> registeredBrokerIds() {
        return brokers(new DescribeClusterOptions().includeFencedBrokers(true));
    }

    private List<Integer> brokers(DescribeClusterOptions options) {
        return clients.await("describe the cluster", clients.admin().describeCluster(options).nodes())
                .stream().map(Node::id).sorted().toList();
    }

    /**
     * A partition is without a leader for a moment while one is elected, and so it can seem to a
     * broker whose metadata has not caught up yet (one just reconnected to the controller, say): it
     * is offline only if it stays without one for a while.
     */
    @Override
    public int leaderOf(String topic, int partition) {
        try {
            return retry.within("a leader of " + topic + "-" + partition, LEADERLESS_GRACE, LEADER_ASKED_EVERY, () -> {
                Node leader = partition(topic, partition).leader();
                if (leader == null) {
                    throw Retry.notYet("none");
                }
                return leader.id();
            });
        } catch (Retry.TimedOut leaderless) {
            return -1;
        }
    }

    @Override
    public List<Integer> leadersOf(String topic) {
        return describe(topic).partitions().stream()
                .sorted(Comparator.comparingInt(TopicPartitionInfo::partition))
                .map(p -> p.leader() == null ? -1 : p.leader().id())
                .toList();
    }

    @Override
    public List<Integer> replicasOf(String topic, int partition) {
        return partition(topic, partition).replicas().stream().map(Node::id).toList();
    }

    @Override
    public int activeController() {
        return clients.await("describe the metadata quorum", clients.admin().describeMetadataQuorum().quorumInfo()).leaderId();
    }

    @Override
    public int groupCoordinator(String group) {
        try {
            return clients.await("describe consumer group " + group,
                    clients.admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)).coordinator().id();
        } catch (GroupIdNotFoundException unknown) {
            throw new TargetNotYetKnownException("the cluster does not know consumer group " + group + " yet");
        }
    }

    @Override
    public int transactionCoordinator(String transactionalId) {
        try {
            return clients.await("describe transactional id " + transactionalId,
                    clients.admin().describeTransactions(List.of(transactionalId)).description(transactionalId))
                    .coordinatorId();
        } catch (TransactionalIdNotFoundException unknown) {
            throw new TargetNotYetKnownException("the cluster does not know transactional id " + transactionalId + " yet");
        }
    }

    /** A topic created a moment ago (the probe's, say) may be unknown for a moment to the broker asked. */
    private TopicDescription describe(String topic) {
        try {
            return clients.whileUnknown(topic, () -> clients.await("describe topic " + topic,
                    clients.admin().describeTopics(List.of(topic)).topicNameValues().get(topic)));
        } catch (GamedayException e) {
            if (e.kind() == GamedayException.Kind.NOT_FOUND) {
                throw new TargetRefusedException(e.getMessage());
            }
            throw e;
        }
    }

    private TopicPartitionInfo partition(String topic, int partition) {
        TopicDescription description = describe(topic);
        return description.partitions().stream()
                .filter(p -> p.partition() == partition)
                .findFirst()
                .orElseThrow(() -> new TargetRefusedException("topic " + topic + " has no partition " + partition
                        + " (it has " + description.partitions().size() + ")"));
    }
}
