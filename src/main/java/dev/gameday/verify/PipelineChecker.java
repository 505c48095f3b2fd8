package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * What the pipeline probe saw downstream, with what it lacks as {@link AnomalyKind#PIPELINE_LOST}
 * ranges per partition (its second copies are counted as they arrive); null without the pipeline probe.
 */
final class PipelineChecker implements Checker<Analysis.PipelineFigures> {

    @Override
    public Found<Analysis.PipelineFigures> check(Checks run) {
        History history = run.history;
        History.Pipeline p = history.pipeline();
        if (p == null) {
            return Found.none();
        }
        List<Analysis.Anomaly> anomalies = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        long mirrored = 0, again = 0;
        for (PartitionHistory.Snapshot partition : run.partitions) {
            Checks.ranges(anomalies, AnomalyKind.PIPELINE_LOST, partition.partition(), partition.notMirrored())
                    .ifPresent(lost::add);
            mirrored += partition.counts().mirrored;
            again += partition.counts().mirroredAgain;
        }
        synchronized (p) {
            long p99 = p.lagMs.getTotalCount() == 0 ? 0 : p.lagMs.getValueAtPercentile(99);
            return new Found<>(new Analysis.PipelineFigures(mirrored, again, lost, p99, p.lagMs.getMaxValue(),
                    taskRecovery(List.copyOf(p.tasks), run.windows), p.caughtUp), anomalies);
        }
    }

    /**
     * For each fault, from its start until every task of the connector ran again on a worker that
     * answered, once some had not (before the next fault starts); 0 when none stopped. The longest over
     * the faults; null when some never ran again.
     */
    static Long taskRecovery(List<History.TaskSample> samples, List<Window> faults) {
        long longest = 0;
        for (int f = 0; f < faults.size(); f++) {
            long start = faults.get(f).startMs();
            long until = f + 1 < faults.size() ? faults.get(f + 1).startMs() : Long.MAX_VALUE;
            Long down = null;
            Long back = null;
            for (History.TaskSample sample : samples) {
                if (sample.atMs() < start || sample.atMs() >= until) {
                    continue;
                }
                boolean all = sample.total() > 0 && sample.running() == sample.total();
                if (!all) {
                    down = down == null ? sample.atMs() : down;
                    back = null;
                } else if (down != null && back == null) {
                    back = sample.atMs();
                }
            }
            if (down != null && back == null) {
                return null;
            }
            if (back != null) {
                longest = Math.max(longest, back - start);
            }
        }
        return longest;
    }
}
