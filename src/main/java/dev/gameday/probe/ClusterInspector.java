package dev.gameday.probe;

import dev.gameday.fault.FaultException;
import dev.gameday.fault.HealthGate;
import dev.gameday.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** Reads {@link ClusterSnapshot}s from the Admin API, and waits for a healthy cluster. */
@ApplicationScoped
public class ClusterInspector implements HealthGate {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaClients clients;
    private final Clock clock;
    /** min.insync.replicas per topic: read once per topic, it rarely changes. */
    private final Map<String, Integer> minIsr = new ConcurrentHashMap<>();

    public ClusterInspector(KafkaClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /** The cluster now; the partitions of {@code watchedTopic} (may be null) are reported one by one. */
    public ClusterSnapshot snapshot(String watchedTopic) {
        Instant at = clock.instant();
        try {
            Admin admin = clients.admin();
            Set<String> topics = await(admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
            Map<String, TopicDescription> descriptions = topics.isEmpty() ? Map.of()
                    : await(admin.describeTopics(topics).allTopicNames());
            int controller = await(admin.describeMetadataQuorum().quorumInfo()).leaderId();
            Set<Integer> live = new TreeSet<>();
            await(admin.describeCluster().nodes()).forEach(n -> live.add(n.id()));
            return summarize(at, controller, live, descriptions, watchedTopic);
        } catch (ExecutionException e) {
            return ClusterSnapshot.unreachable(at, e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return ClusterSnapshot.unreachable(at, "no answer within " + clients.requestTimeoutMs() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ClusterSnapshot.unreachable(at, "interrupted");
        } catch (RuntimeException e) {
            return ClusterSnapshot.unreachable(at, e.getMessage());
        }
    }

    private ClusterSnapshot summarize(Instant at, int controller, Set<Integer> live,
                                      Map<String, TopicDescription> descriptions, String watchedTopic)
            throws ExecutionException, TimeoutException, InterruptedException {
        Set<Integer> replicaBrokers = new TreeSet<>();
        Map<Integer, ClusterSnapshot.PartitionState> watched = new HashMap<>();
        int partitions = 0;
        int underReplicated = 0;
        int offline = 0;
        int underMinIsr = 0;
        for (TopicDescription topic : descriptions.values()) {
            int topicMinIsr = minIsrOf(topic.name());
            for (TopicPartitionInfo p : topic.partitions()) {
                partitions++;
                p.replicas().forEach(n -> replicaBrokers.add(n.id()));
                if (p.leader() == null || p.leader().isEmpty()) {
                    offline++;
                }
                if (p.isr().size() < p.replicas().size()) {
                    underReplicated++;
                }
                if (p.isr().size() < topicMinIsr) {
                    underMinIsr++;
                }
                if (topic.name().equals(watchedTopic)) {
                    int leader = p.leader() == null || p.leader().isEmpty() ? -1 : p.leader().id();
                    watched.put(p.partition(), new ClusterSnapshot.PartitionState(leader,
                            p.isr().stream().map(Node::id).sorted().toList()));
                }
            }
        }
        return new ClusterSnapshot(at, controller, live, replicaBrokers, partitions, underReplicated, offline,
                underMinIsr, watched, null);
    }

    private int minIsrOf(String topic) throws ExecutionException, TimeoutException, InterruptedException {
        Integer known = minIsr.get(topic);
        if (known != null) {
            return known;
        }
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var config = await(clients.admin().describeConfigs(List.of(resource)).all()).get(resource);
        int value = Integer.parseInt(config.get("min.insync.replicas").value());
        minIsr.put(topic, value);
        return value;
    }

    @Override
    public void awaitHealthy(Duration within) {
        Instant deadline = clock.instant().plus(within);
        ClusterSnapshot last = snapshot(null);
        while (!last.healthy()) {
            if (clock.instant().isAfter(deadline)) {
                throw new FaultException("the cluster was not healthy within " + within.toSeconds() + "s: "
                        + String.join("; ", last.problems()));
            }
            sleep(POLL);
            last = snapshot(null);
        }
    }

    private <T> T await(KafkaFuture<T> future) throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(clients.requestTimeoutMs(), TimeUnit.MILLISECONDS);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FaultException("interrupted while waiting for a healthy cluster");
        }
    }
}
