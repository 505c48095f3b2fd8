package dev.gameday.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The record of one run, written by the probes while it happens and read by the {@link Verifier}.
 * Times are milliseconds since {@link #start()}; each method is O(1) and thread-safe.
 */
public final class History {

    private final UUID runId;
    private final Instant start;
    private final long startNanos;
    private final long gapThresholdMs;
    /** Waits of the group shorter than this are its normal pace, not worth keeping. */
    static final long GROUP_WAIT_THRESHOLD_MS = 100;

    private final PartitionHistory[] partitions;
    /** Null for a run without transactions. */
    private final Transactions transactions;
    private final List<ClusterSample> cluster = new ArrayList<>();
    private final List<GroupEvent> groupEvents = new ArrayList<>();
    private long groupStoppedMs = -1;
    /** Null for a run without the pipeline probe. */
    private volatile Pipeline pipeline;
    /** Null for a run without the registry probe. */
    private volatile Registry registry;

    /**
     * @param startOffsets      per partition, the log end offset when the run started
     * @param gapThresholdMs    ack gaps at least this long are kept, shorter ones are normal pacing
     * @param stallThresholdMs  acknowledged data unread this long is a consumer stall
     */
    public History(UUID runId, Instant start, long startNanos, long[] startOffsets, long gapThresholdMs,
                   long stallThresholdMs) {
        this(runId, start, startNanos, startOffsets, gapThresholdMs, stallThresholdMs, 0);
    }

    /**
     * @param transactionRecords records per transaction of a transactional producer that sends round
     *                           robin over the partitions, from partition 0; 0 for a run without transactions
     */
    public History(UUID runId, Instant start, long startNanos, long[] startOffsets, long gapThresholdMs,
                   long stallThresholdMs, int transactionRecords) {
        this.runId = runId;
        this.start = start;
        this.startNanos = startNanos;
        this.gapThresholdMs = gapThresholdMs;
        this.transactions = transactionRecords > 0 ? new Transactions(startOffsets.length, transactionRecords) : null;
        this.partitions = new PartitionHistory[startOffsets.length];
        for (int p = 0; p < startOffsets.length; p++) {
            partitions[p] = new PartitionHistory(p, startOffsets[p], 0, stallThresholdMs, GROUP_WAIT_THRESHOLD_MS,
                    transactions);
        }
    }

    /**
     * The pipeline probe's downstream record: the lag of each copy (from the send to its read downstream,
     * in ms), how many of the connector's tasks ran at each sample, and whether the drain caught up.
     */
    static final class Pipeline {
        final org.HdrHistogram.Histogram lagMs = new org.HdrHistogram.Histogram(TimeUnit.HOURS.toMillis(1), 3);
        final List<TaskSample> tasks = new ArrayList<>();
        boolean caughtUp;
    }

    /** How many tasks of the pipeline's connector ran on a worker that answered, at one instant. */
    public record TaskSample(long atMs, int running, int total) {}

    /** The pipeline probe starts: from now on the run is judged downstream too. */
    public void pipelineStarted() {
        pipeline = new Pipeline();
    }

    public boolean hasPipeline() {
        return pipeline != null;
    }

    /** A record of this run read downstream, in the pipeline's copy, {@code lagMs} after it was sent. */
    public void mirrored(int partition, long seq, long atMs, long lagMs) {
        if (partition < 0 || partition >= partitions.length) {
            return; // not one of this run's partitions: a foreign record, judged upstream
        }
        partitions[partition].mirrored(seq, atMs);
        Pipeline p = pipeline;
        synchronized (p) {
            p.lagMs.recordValue(Math.max(0, Math.min(lagMs, p.lagMs.getHighestTrackableValue())));
        }
    }

    public void pipelineTasks(TaskSample sample) {
        Pipeline p = pipeline;
        synchronized (p) {
            p.tasks.add(sample);
        }
    }

    /** Whether every acknowledged record of the run is downstream. */
    public boolean allMirrored() {
        for (PartitionHistory partition : partitions) {
            if (!partition.allMirrored()) {
                return false;
            }
        }
        return true;
    }

    /** The pipeline's drain is over; {@code caughtUp} whether the copy then had every acknowledged record. */
    public void pipelineDrained(boolean caughtUp) {
        Pipeline p = pipeline;
        synchronized (p) {
            p.caughtUp = caughtUp;
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /**
     * The registry probe's record: schemas registered and found, requests another node answered, and
     * those no node did, with the first few of them.
     */
    static final class Registry {
        final org.HdrHistogram.Histogram latencyMs = new org.HdrHistogram.Histogram(TimeUnit.MINUTES.toMillis(10), 3);
        long registered, found, failovers;
        final AnomalyLog failures = new AnomalyLog();
        /** Per node, in the order first asked: its requests answered and not, and its slowest answer. */
        final Map<String, NodeTally> nodes = new java.util.LinkedHashMap<>();
    }

    static final class NodeTally {
        long answered, unanswered, slowestMs;
    }

    /** The registry probe starts. */
    public void registryStarted() {
        registry = new Registry();
    }

    public boolean hasRegistry() {
        return registry != null;
    }

    /**
     * One request of the registry probe answered, {@code failover} when not by the node it asked first.
     *
     * @param registration a registration, or else a lookup by id
     */
    public void registryAnswered(boolean registration, boolean failover, long latencyMs) {
        Registry r = registry;
        synchronized (r) {
            if (registration) {
                r.registered++;
            } else {
                r.found++;
            }
            if (failover) {
                r.failovers++;
            }
            r.latencyMs.recordValue(Math.max(0, Math.min(latencyMs, r.latencyMs.getHighestTrackableValue())));
        }
    }

    /**
     * One request to one registry node, answered or not (timed out, refused, an error): what tells a node
     * that was slow from one that was down.
     */
    public void registryAttempt(String node, boolean answered, long latencyMs) {
        Registry r = registry;
        synchronized (r) {
            NodeTally tally = r.nodes.computeIfAbsent(node, n -> new NodeTally());
            if (answered) {
                tally.answered++;
                tally.slowestMs = Math.max(tally.slowestMs, latencyMs);
            } else {
                tally.unanswered++;
            }
        }
    }

    /** One request of the registry probe no node answered: {@code what} says which and why. */
    public void registryFailed(long atMs, String what) {
        Registry r = registry;
        synchronized (r) {
            r.failures.note(AnomalyKind.REGISTRY_FAILURE, atMs, AnomalyLog.NO_EPOCH, () -> what);
        }
    }

    Registry registry() {
        return registry;
    }

    /** Cluster health at one instant, as the cluster probe saw it. */
    public record ClusterSample(long atMs, boolean healthy, String problems, int controller, int offlinePartitions,
                                Map<Integer, Integer> leaders) {}

    public UUID runId() {
        return runId;
    }

    public Instant start() {
        return start;
    }

    public int partitionCount() {
        return partitions.length;
    }

    /** Milliseconds since the start, from a {@link System#nanoTime()} reading. */
    public long msSinceStart(long nanoTime) {
        return (nanoTime - startNanos) / 1_000_000;
    }

    public long msSinceStart(Instant instant) {
        return instant.toEpochMilli() - start.toEpochMilli();
    }

    /** A send begins: its sequence number in the partition, from 0. */
    public long nextSequence(int partition, long atMs) {
        return partitions[partition].nextSequence(atMs);
    }

    /** @param latencyMicros from the send to its acknowledgement */
    public void acked(int partition, long seq, long offset, long atMs, long latencyMicros) {
        partitions[partition].acked(seq, offset, atMs, latencyMicros, gapThresholdMs);
    }

    /** @param definite true when the record was certainly not written; false when it may have been */
    public void failed(int partition, long seq, boolean definite, long atMs) {
        partitions[partition].failed(seq, definite, atMs);
    }

    /** @param leaderEpoch the leader epoch the record carried ({@code ConsumerRecord.leaderEpoch()}), -1 when unknown */
    public void read(int partition, long seq, long offset, int leaderEpoch, long atMs) {
        partitions[partition].read(seq, offset, leaderEpoch, atMs);
    }

    public void unexpected(int partition, long offset, int leaderEpoch, long atMs, String why) {
        partitions[partition].unexpected(offset, leaderEpoch, atMs, why);
    }

    /** The transaction a record of the transactional producer belongs to. */
    public long transactionOf(int partition, long seq) {
        return transactions().of(partition, seq);
    }

    /** The producer is about to call commitTransaction(): from now on its records may be read. */
    public void transactionCommitting(long txn, long atMs) {
        transactions().set(txn, Transactions.State.COMMITTING, atMs);
    }

    /**
     * A transaction ended: OK committed, FAIL aborted (certainly never committed), INDETERMINATE when
     * the producer could not learn whether its commit took.
     */
    public void transactionEnded(long txn, Outcome outcome) {
        transactions().set(txn, switch (outcome) {
            case OK -> Transactions.State.COMMITTED;
            case FAIL -> Transactions.State.ABORTED;
            default -> Transactions.State.UNKNOWN;
        }, -1);
    }

    /** A record of a transaction the producer aborted on purpose. */
    public void abortedOnPurpose(int partition, long seq, long atMs) {
        partitions[partition].abortedOnPurpose(seq, atMs);
    }

    private Transactions transactions() {
        if (transactions == null) {
            throw new IllegalStateException("this history was made for a run without transactions");
        }
        return transactions;
    }

    Transactions transactionLog() {
        return transactions;
    }

    /** A record of this run found by the final read of the log. */
    public void inFinalLog(int partition, long seq) {
        partitions[partition].inFinalLog(seq);
    }

    /** The final read is over: from now on it, not the live reads, decides what was lost. */
    public void finalReadDone() {
        for (PartitionHistory partition : partitions) {
            partition.finalReadDone();
        }
    }

    /**
     * The final read gave up before the end of a partition, having read every offset below
     * {@code reached}: what was acknowledged at or beyond it is unseen, not lost.
     */
    public void finalReadStoppedAt(int partition, long reached) {
        partitions[partition].finalReadStoppedAt(reached);
    }

    /** The highest offset acknowledged in a partition, -1 when none was. */
    public long highestAcknowledgedOffset(int partition) {
        return partitions[partition].highestOkOffset();
    }

    public void producingEnded(long atMs) {
        for (PartitionHistory partition : partitions) {
            partition.producingEnded(atMs, gapThresholdMs);
        }
    }

    /** A member of the group probe, as the history follows it; one per member, used by its thread. */
    public GroupMember groupMember(int id) {
        return new GroupMember(id, partitions.length);
    }

    /** A member processed a record of this run (it was given it by a poll, and recorded it). */
    public void groupProcessed(GroupMember member, int partition, long seq, long offset, int leaderEpoch, long atMs) {
        partitions[partition].groupProcessed(member, seq, offset, leaderEpoch, atMs);
    }

    /** A member was given a record that is not this run's; it only moves the member's poll on. */
    public void groupPassed(GroupMember member, int partition, long offset, long atMs) {
        partitions[partition].groupPassed(member, offset, atMs);
    }

    /**
     * The group's committed offset of a partition is {@code offset} (the next to consume): a commit of
     * a member succeeded, or a member found it committed when it started on the partition.
     */
    public void groupCommitted(GroupMember member, int partition, long offset, long atMs) {
        partitions[partition].groupCommitted(member.id, offset, atMs);
    }

    /**
     * Who owns which partitions changed, as a member's rebalance listener said: its polls of those
     * partitions start afresh.
     */
    public synchronized void groupEvent(GroupMember member, GroupEvent.Kind kind, List<Integer> changed, long atMs) {
        changed.forEach(member::reset);
        groupEvents.add(new GroupEvent(atMs, member.id, kind, List.copyOf(changed)));
    }

    /** The group probe stops (the run drains): what its members do from now on is no rebalance of a fault. */
    public synchronized void groupStopped(long atMs) {
        groupStoppedMs = atMs;
    }

    /** The group's rebalance events in time order, those before it stopped. */
    public synchronized List<GroupEvent> groupEvents() {
        return groupEvents.stream().filter(e -> groupStoppedMs < 0 || e.atMs() <= groupStoppedMs)
                .sorted(Comparator.comparingLong(GroupEvent::atMs)).toList();
    }

    /** Whether a group probe ran: some member was ever assigned a partition. */
    public synchronized boolean hasGroup() {
        return !groupEvents.isEmpty();
    }

    /** How many records of this run the group has processed so far. */
    public long groupProcessedCount() {
        long processed = 0;
        for (PartitionHistory partition : partitions) {
            processed += partition.processedCount();
        }
        return processed;
    }

    public synchronized void cluster(ClusterSample sample) {
        cluster.add(sample);
        // the cluster probe and the runner both take readings and may finish out of order: keep time order
        cluster.sort(Comparator.comparingLong(ClusterSample::atMs));
    }

    public synchronized List<ClusterSample> clusterSamples() {
        return List.copyOf(cluster);
    }

    /** What the probes did, second by second. */
    public List<Timeline.Second> timeline() {
        List<Timeline> each = new ArrayList<>();
        for (PartitionHistory partition : partitions) {
            each.add(partition.timeline());
        }
        return Timeline.merge(each);
    }

    PartitionHistory partition(int p) {
        return partitions[p];
    }
}
