package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The producer and the consumers, partition by partition: what was sent, acknowledged and read, each
 * acknowledged write lost or unseen, records skipped by the group's commits, every kind the partition's
 * own log noted (duplicates, reorders, ...), the longest ack gap overlapping a fault, and the consumer's
 * stalls.
 */
final class PartitionChecker implements Checker<PartitionChecker.Figures> {

    /**
     * @param lost           acknowledged writes never read, by partition: "p0: 1200-1340, 1502"
     * @param unavailability per partition, the longest ack gap that overlaps a fault
     * @param stalls         the live consumer's waits for acknowledged data
     */
    record Figures(long sent, long acknowledged, long failed, long indeterminate, long read, long indeterminateRead,
                   List<String> lost, List<Analysis.PartitionWindow> unavailability,
                   List<Analysis.PartitionWindow> stalls) {}

    @Override
    public Found<Figures> check(Checks run) {
        long sent = 0, ok = 0, failed = 0, indeterminate = 0, read = 0, indeterminateRead = 0;
        List<String> lost = new ArrayList<>();
        List<Analysis.Anomaly> anomalies = new ArrayList<>();
        List<Analysis.PartitionWindow> unavailability = new ArrayList<>();
        List<Analysis.PartitionWindow> stalls = new ArrayList<>();
        for (PartitionHistory.Snapshot partition : run.partitions) {
            int p = partition.partition();
            PartitionHistory.Counts c = partition.counts();
            sent += c.sent;
            ok += c.ok;
            failed += c.failed;
            indeterminate += c.indeterminate;
            read += c.read;
            indeterminateRead += c.indeterminateRead;

            PartitionHistory.Absent absent = partition.absent();
            Checks.ranges(anomalies, AnomalyKind.LOST, p, absent.lost()).ifPresent(lost::add);
            Checks.ranges(anomalies, AnomalyKind.UNSEEN, p, absent.unseen());
            skips(run, anomalies, p, partition.skipped());
            for (AnomalyKind kind : AnomalyKind.values()) {
                run.logged(kind, p, partition.anomalies()).ifPresent(anomalies::add);
            }

            Checks.longestOverlapping(partition.ackGaps(), run.windows).ifPresent(w -> unavailability.add(
                    new Analysis.PartitionWindow(p, w.startMs(), w.endMs())));
            partition.liveWaits().forEach(w -> stalls.add(new Analysis.PartitionWindow(p, w.startMs(), w.endMs())));
        }
        return new Found<>(new Figures(sent, ok, failed, indeterminate, read, indeterminateRead, lost, unavailability,
                stalls), anomalies);
    }

    /** Skipped records of one partition as an anomaly: each range with its offsets and the commit that passed it. */
    private static void skips(Checks run, List<Analysis.Anomaly> anomalies, int partition,
                              List<PartitionHistory.Skipped> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        long count = skipped.stream().mapToLong(PartitionHistory.Skipped::count).sum();
        anomalies.add(new Analysis.Anomaly(AnomalyKind.SKIP.id(), partition, count, skipped.stream()
                .limit(AnomalyLog.EXAMPLES)
                .map(s -> run.describe(partition, new AnomalyLog.Example("offsets " + s.fromOffset()
                        + (s.toOffset() > s.fromOffset() ? "-" + s.toOffset() : "") + " (seq " + s.fromSeq()
                        + (s.toSeq() > s.fromSeq() ? "-" + s.toSeq() : "") + "): the group's committed offset reached "
                        + s.committed() + " (member " + s.committedBy() + ") and no member ever processed them",
                        s.committedAtMs(), AnomalyLog.NO_EPOCH)))
                .toList()));
    }
}
