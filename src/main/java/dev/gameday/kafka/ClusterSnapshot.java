package dev.gameday.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster's health at one instant, from the Admin API.
 *
 * @param controller      node id of the active controller, -1 when there is none
 * @param liveBrokers     brokers registered with the controller
 * @param replicaBrokers  brokers that hold at least one replica
 * @param offlineByTopic  the topics with offline partitions (no leader), each with which
 * @param watched         leader and ISR of the partitions a probe watches
 * @param behindOnMetadata registered brokers whose copy of the cluster metadata lags the quorum
 *                        leader's: what they answer (leaders, ISRs) may be an old view
 * @param controllersBehind voters of the metadata quorum that are not brokers (dedicated
 *                        controllers) and lag the quorum leader: down, or cut off from it
 * @param error           why the cluster could not be read; null when it could
 */
public record ClusterSnapshot(Instant at, int controller, Set<Integer> liveBrokers, Set<Integer> replicaBrokers,
                              int partitions, int underReplicated, Map<String, OfflinePartitions> offlineByTopic,
                              int underMinIsr, Map<Integer, PartitionState> watched, Set<Integer> behindOnMetadata,
                              Set<Integer> controllersBehind, String error) {

    /** Leader and in-sync replicas of one partition; leader -1 when offline. */
    public record PartitionState(int leader, List<Integer> isr) {}

    /**
     * The offline partitions of one topic: how many, and the lowest-numbered of them, at most
     * {@link #NAMED} (a cluster can have thousands; a message names a few).
     */
    public record OfflinePartitions(int count, List<Integer> first) {
        public static final int NAMED = 10;

        static OfflinePartitions of(List<Integer> partitions) {
            List<Integer> sorted = partitions.stream().sorted().toList();
            return new OfflinePartitions(sorted.size(), sorted.subList(0, Math.min(NAMED, sorted.size())));
        }
    }

    public static ClusterSnapshot unreachable(Instant at, String error) {
        return new ClusterSnapshot(at, -1, Set.of(), Set.of(), 0, 0, Map.of(), 0, Map.of(), Set.of(), Set.of(), error);
    }

    /** Whether what the brokers answered can be taken as the cluster's state: none of them lags on metadata. */
    public boolean current() {
        return error == null && behindOnMetadata.isEmpty();
    }

    /** How many partitions of every topic are offline. */
    public int offline() {
        return offlineByTopic.values().stream().mapToInt(OfflinePartitions::count).sum();
    }

    /**
     * Healthy: a controller, every broker that holds a replica registered and caught up on the
     * cluster metadata, every dedicated controller caught up with the quorum leader, no offline and
     * no under-replicated partition (every ISR full).
     */
    public boolean healthy() {
        return problems().isEmpty();
    }

    /** What keeps the cluster from being healthy, in words. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (error != null) {
            problems.add("the cluster could not be read: " + error);
            return problems;
        }
        if (controller < 0) {
            problems.add("no active controller");
        }
        Set<Integer> missing = new TreeSet<>(replicaBrokers);
        missing.removeAll(liveBrokers);
        if (!missing.isEmpty()) {
            problems.add("broker(s) " + missing + " hold replicas but are not registered");
        }
        if (!behindOnMetadata.isEmpty()) {
            problems.add("broker(s) " + behindOnMetadata + " behind on the cluster metadata");
        }
        if (!controllersBehind.isEmpty()) {
            problems.add("controller(s) " + controllersBehind + " behind the quorum leader (down or cut off)");
        }
        if (offline() > 0) {
            problems.add(offline() + " offline partition(s)");
        }
        if (underReplicated > 0) {
            problems.add(underReplicated + " under-replicated partition(s)");
        }
        return problems;
    }
}
