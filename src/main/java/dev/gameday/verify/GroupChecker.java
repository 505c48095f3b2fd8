package dev.gameday.verify;

import java.util.List;

/**
 * The group probe over the run: records processed and processed again, and the longest rebalance and
 * resume of any fault (each fault's own are {@link RecoveryChecker}'s). Its skips are the partitions'
 * ({@link PartitionChecker}).
 */
final class GroupChecker implements Checker<Analysis.GroupFigures> {

    private final List<Analysis.FaultMeasure> perFault;

    GroupChecker(List<Analysis.FaultMeasure> perFault) {
        this.perFault = perFault;
    }

    @Override
    public Found<Analysis.GroupFigures> check(Checks run) {
        History history = run.history;
        if (!history.hasGroup()) {
            return Found.none();
        }
        long processed = 0;
        long reprocessed = 0;
        for (PartitionHistory.Snapshot partition : run.partitions) {
            processed += partition.counts().processed;
            reprocessed += partition.counts().reprocessed;
        }
        boolean settled = perFault.stream().allMatch(f -> f.unsettled() == null);
        return new Found<>(new Analysis.GroupFigures(processed, reprocessed,
                settled ? perFault.stream().mapToLong(Analysis.FaultMeasure::rebalanceMs).max().orElse(0) : null,
                perFault.stream().mapToLong(Analysis.FaultMeasure::resumeMs).max().orElse(0)), List.of());
    }
}
