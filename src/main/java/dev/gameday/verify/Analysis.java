package dev.gameday.verify;

import java.util.List;

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
 */
public record Analysis(long sent, long acknowledged, long failed, long indeterminate, long read, long lostWrites,
                       List<String> lost, long duplicates, long reorders, long inconsistentOffsets, long abortedReads,
                       long unexpected, long indeterminateRead, List<Anomaly> anomalies,
                       List<PartitionWindow> unavailability, long unavailabilityMs, List<PartitionWindow> stalls,
                       Long recoveryMs, String recoveryProblem, List<FaultMeasure> perFault) {

    /**
     * One fault's own figures: the longest ack gap of any partition that overlaps it, and its end to
     * a healthy cluster (null if that never came).
     */
    public record FaultMeasure(int step, String fault, long unavailabilityMs, Long recoveryMs) {}

    /** One kind of anomaly in one partition. */
    public record Anomaly(String kind, int partition, long count, List<String> examples) {}

    /** A window of one partition, in milliseconds since the run's history began. */
    public record PartitionWindow(int partition, long startMs, long endMs) {
        public long lengthMs() {
            return endMs - startMs;
        }
    }

    public long longestStallMs() {
        return stalls.stream().mapToLong(PartitionWindow::lengthMs).max().orElse(0);
    }
}
