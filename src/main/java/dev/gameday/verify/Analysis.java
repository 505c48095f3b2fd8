package dev.gameday.verify;

import java.util.List;
import java.util.Map;

/**
 * What the verifier measured from a run's history.
 *
 * @param lost              acknowledged writes never read, by partition: "p0: 1200-1340, 1502"
 * @param anomalies         every kind found, with counts and examples
 * @param unavailability    per partition, the longest ack gap that overlaps a fault
 * @param unavailabilityMs  the longest of them; 0 when no gap overlapped a fault
 * @param recoveryMs        fault end to a healthy cluster, the longest over the faults; null when the
 *                          cluster was not healthy again by the end of the run
 * @param recoveryProblem   what was still wrong when recovery was last checked, if it never came
 * @param perFault          unavailability and recovery of each fault on its own, in step order
 * @param counts            how many of each {@link AnomalyKind}, by its id, every kind; lostWrites, duplicates,
 *                          reorders, inconsistentOffsets, abortedReads and unexpected repeat six of them
 *                          (as runs stored before all kinds were counted have them)
 * @param group             what the group probe measured; null when it did not run
 * @param transactions      how the transactional producer's transactions ended; null without transactions
 * @param pipeline          what the pipeline probe measured downstream; null when it did not run
 * @param registry          what the registry probe measured; null when it did not run
 */
public record Analysis(long sent, long acknowledged, long failed, long indeterminate, long read, long lostWrites,
                       List<String> lost, long duplicates, long reorders, long inconsistentOffsets, long abortedReads,
                       long unexpected, long indeterminateRead, List<Anomaly> anomalies,
                       List<PartitionWindow> unavailability, long unavailabilityMs, List<PartitionWindow> stalls,
                       Long recoveryMs, String recoveryProblem, List<FaultMeasure> perFault, Map<String, Long> counts,
                       GroupFigures group, TransactionFigures transactions, PipelineFigures pipeline,
                       RegistryFigures registry) {

    /**
     * One fault's own figures: the longest ack gap of any partition that overlaps it, its end to a
     * healthy cluster (null if that never came), and with a group probe, from it to the next fault (or
     * the end of probing): how long until the group was stable with every partition assigned, and the
     * longest a partition's acknowledged data waited for the group.
     *
     * @param rebalanceMs null without a group probe, or when the group was not stable by the next fault
     * @param unsettled   when the group was not stable by then: which partitions had no member
     */
    public record FaultMeasure(int step, String fault, long unavailabilityMs, Long recoveryMs, Long rebalanceMs,
                               Long resumeMs, String unsettled) {}

    /**
     * The group probe's figures over the run.
     *
     * @param processed   records of this run its members processed
     * @param reprocessed processed again before any commit had passed them: what at-least-once costs
     * @param rebalanceMs the longest rebalance time of any fault; null when one never settled
     * @param resumeMs    the longest resume time of any fault
     */
    public record GroupFigures(long processed, long reprocessed, Long rebalanceMs, long resumeMs) {}

    /**
     * How the transactions ended, as the producer saw it: committed, aborted (on purpose or after a
     * failed send), or unknown (a commit whose answer never came).
     */
    public record TransactionFigures(long committed, long aborted, long unknown) {}

    /**
     * The pipeline probe's figures: what MirrorMaker copied downstream, checked against what was
     * acknowledged upstream.
     *
     * @param mirrored       records of this run found downstream, each once
     * @param mirroredAgain  of those, further copies (Connect's at-least-once)
     * @param lost           acknowledged and not downstream when the pipeline's drain ended: "p0: 100-149"
     * @param lagP99Ms       from a record's send to its copy being read downstream, 99th percentile
     * @param lagMaxMs       the same, the longest
     * @param taskRecoveryMs from the start of each fault until every task of the connector ran again on a
     *                       worker that answers, the longest over the faults; 0 when no task stopped; null
     *                       when one never ran again by the end of probing
     * @param caughtUp       whether the copy had every acknowledged record when the drain ended
     */
    public record PipelineFigures(long mirrored, long mirroredAgain, List<String> lost, long lagP99Ms, long lagMaxMs,
                                  Long taskRecoveryMs, boolean caughtUp) {}

    /**
     * The registry probe's figures: schemas registered on one node and found by id on another.
     *
     * @param failovers   requests the preferred node did not answer and another did, as a client that
     *                    knows every node fails over
     * @param failures    requests no node answered (each a {@link AnomalyKind#REGISTRY_FAILURE})
     * @param latencyP99Ms of the requests answered, 99th percentile
     * @param nodes       each node's requests and slowest answer
     */
    public record RegistryFigures(long registered, long found, long failovers, long failures, long latencyP99Ms,
                                  long latencyMaxMs, List<RegistryNode> nodes) {}

    /**
     * One registry node as the probe saw it: requests it answered and did not (timed out, refused, an
     * error), and its slowest answer. Null in runs stored before nodes were counted.
     */
    public record RegistryNode(String node, long answered, long unanswered, long slowestMs) {}

    /**
     * One kind of anomaly in one partition: how many, and a few examples, each with what was happening
     * when it happened where that is known (the faults active, the partition's leader and epoch).
     */
    public record Anomaly(String kind, int partition, long count, List<String> examples) {}

    /** A window of one partition, in milliseconds since the run's history began. */
    public record PartitionWindow(int partition, long startMs, long endMs) {
        public long lengthMs() {
            return endMs - startMs;
        }
    }

    /** How many of a kind; 0 for a run stored before the kind was counted. */
    public long count(AnomalyKind kind) {
        return counts == null ? 0 : counts.getOrDefault(kind.id(), 0L);
    }

    /** The same figures with the anomalies as stored apart (they are rows of their own). */
    public Analysis withAnomalies(List<Anomaly> stored) {
        return new Analysis(sent, acknowledged, failed, indeterminate, read, lostWrites, lost, duplicates, reorders,
                inconsistentOffsets, abortedReads, unexpected, indeterminateRead, stored, unavailability,
                unavailabilityMs, stalls, recoveryMs, recoveryProblem, perFault, counts, group, transactions, pipeline,
                registry);
    }

    public long longestStallMs() {
        return stalls.stream().mapToLong(PartitionWindow::lengthMs).max().orElse(0);
    }
}
