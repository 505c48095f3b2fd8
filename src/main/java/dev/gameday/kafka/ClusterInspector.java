package dev.gameday.kafka;

import dev.gameday.GamedayException;
import dev.gameday.json.Durations;
import dev.gameday.time.Sleeper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/** Reads {@link ClusterSnapshot}s from the Admin API, and waits for a healthy cluster. */
@ApplicationScoped
public class ClusterInspector implements HealthGate {

    /**
     * A follower fetches the metadata log continuously (new records every 500 ms at least), so a
     * caught-up broker is well under a second behind the leader; three means it has stopped.
     */
    static final Duration METADATA_LAG = Duration.ofSeconds(3);

    private final KafkaClients clients;
    private final Clock clock;
    private final Sleeper sleeper;
    /** min.insync.replicas per topic: read once per topic, it rarely changes. */
    private final Map<String, Integer> minIsr = new ConcurrentHashMap<>();

    public ClusterInspector(KafkaClients clients, Clock clock, Sleeper sleeper) {
        this.clients = clients;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** The cluster now; the partitions of {@code watchedTopic} (may be null) are reported one by one. */
    public ClusterSnapshot snapshot(String watchedTopic) {
        Instant at = clock.instant();
        try {
            Admin admin = clients.admin();
            Set<String> topics = clients.await("list topics",
                    admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
            Map<String, TopicDescription> descriptions = topics.isEmpty() ? Map.of()
                    : clients.await("describe topics", admin.describeTopics(topics).allTopicNames());
            QuorumInfo quorum = clients.await("describe the metadata quorum", admin.describeMetadataQuorum().quorumInfo());
            Set<Integer> live = new TreeSet<>();
            clients.await("describe the cluster", admin.describeCluster().nodes()).forEach(n -> live.add(n.id()));
            return summarize(at, quorum.leaderId(), live, descriptions, watchedTopic, behindOnMetadata(quorum, live),
                    votersBehind(quorum));
        } catch (RuntimeException e) { // unreachable, or a topic deleted between listing and describing it
            return ClusterSnapshot.unreachable(at, e.getMessage());
        }
    }

    /**
     * The registered brokers whose metadata lags the quorum leader's by more than {@link #METADATA_LAG}
     * (its last fetch that reached the leader's end, by the leader's clock). A broker that was paused,
     * cut off from the controllers or has just thawed answers clients from its old view meanwhile.
     */
    static Set<Integer> behindOnMetadata(QuorumInfo quorum, Set<Integer> live) {
        Map<Integer, Long> caughtUp = new HashMap<>();
        for (List<QuorumInfo.ReplicaState> replicas : List.of(quorum.voters(), quorum.observers())) {
            for (QuorumInfo.ReplicaState replica : replicas) {
                replica.lastCaughtUpTimestamp().ifPresent(at -> caughtUp.put(replica.replicaId(), at));
            }
        }
        return behind(quorum.leaderId(), caughtUp, live);
    }

    /**
     * The voters of the quorum, the leader aside, that have not caught up with the leader's log
     * within {@link #METADATA_LAG}, or not at all since it leads (a voter that is down). Which of
     * them are dedicated controllers is decided once the brokers are known ({@link #summarize}).
     */
    static Set<Integer> votersBehind(QuorumInfo quorum) {
        Map<Integer, Long> caughtUp = new HashMap<>();
        for (QuorumInfo.ReplicaState voter : quorum.voters()) {
            caughtUp.put(voter.replicaId(), voter.lastCaughtUpTimestamp().orElse(Long.MIN_VALUE));
        }
        return behind(quorum.leaderId(), caughtUp, caughtUp.keySet());
    }

    /**
     * The voters that are no broker: a voter that is also a broker (a combined node) is judged as
     * one already, registered and caught up or not.
     */
    static Set<Integer> controllersOnly(Set<Integer> voters, Set<Integer> replicaBrokers, Set<Integer> live) {
        Set<Integer> controllers = new TreeSet<>(voters);
        controllers.removeAll(replicaBrokers);
        controllers.removeAll(live);
        return controllers;
    }

    /** @param caughtUp each replica's last caught-up time in ms (the leader's is its own now) */
    static Set<Integer> behind(int leader, Map<Integer, Long> caughtUp, Set<Integer> live) {
        long reference = caughtUp.getOrDefault(leader, caughtUp.values().stream().mapToLong(Long::longValue).max().orElse(0));
        Set<Integer> behind = new TreeSet<>();
        caughtUp.forEach((id, at) -> {
            if (live.contains(id) && (at == Long.MIN_VALUE || reference - at > METADATA_LAG.toMillis())) {
                behind.add(id);
            }
        });
        return behind;
    }

    private ClusterSnapshot summarize(Instant at, int controller, Set<Integer> live,
                                      Map<String, TopicDescription> descriptions, String watchedTopic,
                                      Set<Integer> behindOnMetadata, Set<Integer> votersBehind) {
        Set<Integer> replicaBrokers = new TreeSet<>();
        Map<String, ClusterSnapshot.OfflinePartitions> offlineByTopic = new TreeMap<>();
        Map<Integer, ClusterSnapshot.PartitionState> watched = new HashMap<>();
        int partitions = 0;
        int underReplicated = 0;
        int underMinIsr = 0;
        for (TopicDescription topic : descriptions.values()) {
            int topicMinIsr = minIsr.computeIfAbsent(topic.name(), clients::minInsyncReplicas);
            List<Integer> offline = new ArrayList<>();
            for (TopicPartitionInfo p : topic.partitions()) {
                partitions++;
                p.replicas().forEach(n -> replicaBrokers.add(n.id()));
                boolean leaderless = p.leader() == null || p.leader().isEmpty();
                if (leaderless) {
                    offline.add(p.partition());
                }
                if (p.isr().size() < p.replicas().size()) {
                    underReplicated++;
                }
                if (p.isr().size() < topicMinIsr) {
                    underMinIsr++;
                }
                if (topic.name().equals(watchedTopic)) {
                    watched.put(p.partition(), new ClusterSnapshot.PartitionState(leaderless ? -1 : p.leader().id(),
                            p.isr().stream().map(Node::id).sorted().toList()));
                }
            }
            if (!offline.isEmpty()) {
                offlineByTopic.put(topic.name(), ClusterSnapshot.OfflinePartitions.of(offline));
            }
        }
        return new ClusterSnapshot(at, controller, live, replicaBrokers, partitions, underReplicated, offlineByTopic,
                underMinIsr, watched, behindOnMetadata, controllersOnly(votersBehind, replicaBrokers, live), null);
    }

    /** Between the brokers of a rolling restart: the one health wait, on readings of the whole cluster. */
    @Override
    public void awaitHealthy(Duration within) {
        ClusterSnapshot last = HealthWait.await(clock, within, () -> snapshot(null), this::sleepUntil);
        if (!last.healthy()) {
            throw new GamedayException(GamedayException.Kind.FAILED, "the cluster was not healthy within "
                    + Durations.format(within) + ": " + String.join("; ", last.problems()));
        }
    }

    private void sleepUntil(Instant until) {
        try {
            sleeper.sleep(Duration.between(clock.instant(), until));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GamedayException(GamedayException.Kind.FAILED, "interrupted while waiting for a healthy cluster");
        }
    }
}
