package dev.gameday.probe;

import dev.gameday.GamedayException;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure the probe topic exists and can prove something: enough partitions, replicated. A
 * missing topic is created with the cluster's own durability settings, and the log says so.
 */
final class ProbeTopic {

    /**
     * The probe topic's own retention and segment size; replication and min ISR stay the cluster's.
     * A run reads only what it wrote, so a day of probe records is plenty, and it never fills a disk.
     * Small segments bound what a broker must re-read after a crash: it recovers every segment past
     * its last flush (Kafka flushes when a segment rolls), which with the 1 GiB default is all the
     * probe ever wrote.
     */
    static final Map<String, String> OWN_CONFIG = Map.of("retention.ms", String.valueOf(Duration.ofDays(1).toMillis()),
            "segment.bytes", String.valueOf(16 << 20));

    private ProbeTopic() {}

    /** What the probe topic looks like now. */
    record Shape(int partitions, int replicationFactor, int minInsyncReplicas) {}

    static Shape ensure(Admin admin, ProbeSettings settings, String bootstrap, long timeoutMs) {
        try {
            Shape shape = describe(admin, settings.topic(), timeoutMs);
            if (shape == null && create(admin, settings, timeoutMs)) {
                shape = awaitCreated(admin, settings.topic(), timeoutMs);
                Log.infof("created the probe topic %s: %d partitions, replication factor %d and min.insync.replicas %d "
                        + "(the cluster's defaults), %s", settings.topic(), shape.partitions(), shape.replicationFactor(),
                        shape.minInsyncReplicas(), OWN_CONFIG);
            }
            if (shape == null) { // created a moment ago by someone else, not yet visible to us
                shape = awaitCreated(admin, settings.topic(), timeoutMs);
            }
            check(settings, shape);
            return shape;
        } catch (ExecutionException e) {
            throw new GamedayException(GamedayException.Kind.UNAVAILABLE, "the probe cannot prepare topic " + settings.topic()
                    + " on Kafka at " + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new GamedayException(GamedayException.Kind.UNAVAILABLE, "the probe cannot reach Kafka at " + bootstrap
                    + ": no answer within " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GamedayException(GamedayException.Kind.FAILED, "interrupted while preparing the probe topic");
        }
    }

    static void check(ProbeSettings settings, Shape shape) {
        if (shape.partitions() < settings.partitions()) {
            throw new GamedayException(GamedayException.Kind.INVALID, "probe topic " + settings.topic() + " has "
                    + shape.partitions() + " partition(s), but probe.partitions is " + settings.partitions()
                    + ": lower probe.partitions, or add partitions with kafka-topics --alter --partitions "
                    + settings.partitions());
        }
        if (shape.replicationFactor() < 2) {
            throw new GamedayException(GamedayException.Kind.INVALID, "probe topic " + settings.topic()
                    + " has replication factor " + shape.replicationFactor() + ": no fault can be survived without "
                    + "losing writes, so a game day on it proves nothing; delete it and let the probe create it with "
                    + "the cluster's defaults, or create it with --replication-factor 3");
        }
    }

    /** Creates the topic; false if it turned out to exist already. */
    private static boolean create(Admin admin, ProbeSettings settings, long timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            admin.createTopics(List.of(new NewTopic(settings.topic(), Optional.of(settings.partitions()), Optional.empty())
                    .configs(OWN_CONFIG))).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
    }

    /** A new topic reaches every broker's metadata a moment after it is created. */
    private static Shape awaitCreated(Admin admin, String topic, long timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Shape shape = describe(admin, topic, timeoutMs);
        while (shape == null) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topic " + topic + " created but not visible after " + timeoutMs + " ms");
            }
            Thread.sleep(100);
            shape = describe(admin, topic, timeoutMs);
        }
        return shape;
    }

    private static Shape describe(Admin admin, String topic, long timeoutMs)
            throws ExecutionException, TimeoutException, InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).topicNameValues().get(topic)
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
            // asked of another broker, which may not know a topic created a moment ago either
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            var config = admin.describeConfigs(List.of(resource)).all().get(timeoutMs, TimeUnit.MILLISECONDS)
                    .get(resource);
            return new Shape(description.partitions().size(), description.partitions().get(0).replicas().size(),
                    Integer.parseInt(config.get("min.insync.replicas").value()));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }
}
