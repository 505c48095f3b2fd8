package dev.gameday.probe;

import dev.gameday.GamedayException;
import dev.gameday.kafka.KafkaClients;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The probe topic as a run found it. {@link #ensure} makes sure, once per run, that it exists and
 * can prove something: enough partitions, replicated. A missing topic is created with the
 * cluster's own durability settings, and the log says so.
 */
public record ProbeTopic(String name, int partitions, int replicationFactor, int minInsyncReplicas) {

    /**
     * The probe topic's own retention and segment size; replication and min ISR stay the cluster's.
     * A run reads only what it wrote, so a day of probe records is plenty, and it never fills a disk.
     * Small segments bound what a broker must re-read after a crash: it recovers every segment past
     * its last flush (Kafka flushes when a segment rolls), which with the 1 GiB default is all the
     * probe ever wrote.
     */
    static final Map<String, String> OWN_CONFIG = Map.of("retention.ms", String.valueOf(Duration.ofDays(1).toMillis()),
            "segment.bytes", String.valueOf(16 << 20));

    public static ProbeTopic ensure(KafkaClients clients, ProbeSettings settings) {
        ProbeTopic topic;
        try {
            topic = describe(clients, settings.topic());
        } catch (UnknownTopicOrPartitionException missing) {
            boolean created = create(clients, settings);
            // created a moment ago (by us, or by someone else just before): not yet known to every broker
            topic = clients.whileUnknown(settings.topic(), () -> describe(clients, settings.topic()));
            if (created) {
                Log.infof("created the probe topic %s: %d partitions, replication factor %d and min.insync.replicas %d "
                        + "(the cluster's defaults), %s", topic.name(), topic.partitions(), topic.replicationFactor(),
                        topic.minInsyncReplicas(), OWN_CONFIG);
            }
        }
        topic.check(settings);
        return topic;
    }

    void check(ProbeSettings settings) {
        if (partitions < settings.partitions()) {
            throw new GamedayException(GamedayException.Kind.INVALID, "probe topic " + name + " has "
                    + partitions + " partition(s), but probe.partitions is " + settings.partitions()
                    + ": lower probe.partitions, or add partitions with kafka-topics --alter --partitions "
                    + settings.partitions());
        }
        if (replicationFactor < 2) {
            throw new GamedayException(GamedayException.Kind.INVALID, "probe topic " + name
                    + " has replication factor " + replicationFactor + ": no fault can be survived without "
                    + "losing writes, so a game day on it proves nothing; delete it and let the probe create it with "
                    + "the cluster's defaults, or create it with --replication-factor 3");
        }
    }

    /** Creates the topic; false if it turned out to exist already. */
    private static boolean create(KafkaClients clients, ProbeSettings settings) {
        try {
            clients.await("create topic " + settings.topic(), clients.admin().createTopics(List.of(
                    new NewTopic(settings.topic(), Optional.of(settings.partitions()), Optional.empty())
                            .configs(OWN_CONFIG))).all());
            return true;
        } catch (TopicExistsException e) {
            return false;
        }
    }

    private static ProbeTopic describe(KafkaClients clients, String topic) {
        TopicDescription description = clients.await("describe topic " + topic,
                clients.admin().describeTopics(List.of(topic)).topicNameValues().get(topic));
        // asked of another broker, which may not know a topic created a moment ago either
        int minIsr = clients.minInsyncReplicas(topic);
        return new ProbeTopic(topic, description.partitions().size(), description.partitions().get(0).replicas().size(),
                minIsr);
    }
}
