package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Recovery, from the cluster's samples: each fault's end to the first healthy sample after it (the
 * longest over the faults, or what was still wrong if that never came), and each fault on its own:
 * its longest ack gap, its recovery and, with a group probe, what the group went through until the
 * next fault.
 */
final class RecoveryChecker implements Checker<RecoveryChecker.Figures> {

    /**
     * @param recoveryMs null when the cluster was not healthy again by the end of the run
     * @param problem    what was still wrong when recovery was last checked, if it never came
     * @param perFault   each fault's own figures, in step order
     */
    record Figures(Long recoveryMs, String problem, List<Analysis.FaultMeasure> perFault) {}

    @Override
    public Found<Figures> check(Checks run) {
        Recovery recovery = recovery(run.history.clusterSamples(), run.windows);
        return new Found<>(new Figures(recovery.ms, recovery.problem, perFault(run)),
                List.of());
    }

    /**
     * Each fault on its own: its longest overlapping ack gap over all partitions, its recovery, and
     * with a group probe what the group went through from it to the next fault.
     */
    private static List<Analysis.FaultMeasure> perFault(Checks run) {
        History history = run.history;
        List<FaultWindow> faults = run.faults;
        List<Window> windows = run.windows;
        List<Analysis.FaultMeasure> measures = new ArrayList<>();
        GroupAssignment assignment = history.hasGroup()
                ? new GroupAssignment(history.groupEvents(), history.partitionCount()) : null;
        for (int f = 0; f < faults.size(); f++) {
            List<Window> one = List.of(windows.get(f));
            long longest = 0;
            for (PartitionHistory.Snapshot partition : run.partitions) {
                longest = Math.max(longest, Checks.longestOverlapping(partition.ackGaps(), one)
                        .map(Window::lengthMs).orElse(0L));
            }
            Long rebalanceMs = null;
            Long resumeMs = null;
            String unsettled = null;
            if (assignment != null) {
                Window untilNext = untilNextFault(windows, f);
                GroupAssignment.Settled settled = assignment.settledAfter(untilNext);
                rebalanceMs = settled.unowned().isEmpty() ? settled.atMs() - untilNext.startMs() : null;
                unsettled = settled.unowned().isEmpty() ? null : "no member owned " + settled.unowned()
                        .stream().map(p -> "p" + p).collect(java.util.stream.Collectors.joining(", "))
                        + (untilNext.endMs() == Long.MAX_VALUE ? " when probing ended" : " when the next fault came");
                resumeMs = longestGroupWait(run, untilNext);
            }
            measures.add(new Analysis.FaultMeasure(faults.get(f).step(), faults.get(f).fault(), longest,
                    recovery(history.clusterSamples(), one).ms, rebalanceMs, resumeMs, unsettled));
        }
        return measures;
    }

    /** From a fault's start to the start of the next fault to begin after it; open-ended for the last. */
    private static Window untilNextFault(List<Window> windows, int f) {
        long start = windows.get(f).startMs();
        long next = windows.stream().mapToLong(Window::startMs).filter(s -> s > start).min().orElse(Long.MAX_VALUE);
        return new Window(start, next);
    }

    /** The longest any partition's acknowledged data waited for the group, over waits that overlap the span. */
    private static long longestGroupWait(Checks run, Window span) {
        long longest = 0;
        for (PartitionHistory.Snapshot partition : run.partitions) {
            longest = Math.max(longest, Checks.longestOverlapping(partition.groupWaits(), List.of(span))
                    .map(Window::lengthMs).orElse(0L));
        }
        return longest;
    }

    private record Recovery(Long ms, String problem) {}

    /** For each fault, its end to the first healthy sample at or after it; the longest of these. */
    private static Recovery recovery(List<History.ClusterSample> samples, List<Window> faults) {
        long longest = 0;
        for (Window fault : faults) {
            History.ClusterSample healthy = null;
            History.ClusterSample last = null;
            for (History.ClusterSample sample : samples) {
                if (sample.atMs() >= fault.endMs()) {
                    last = sample;
                    if (sample.healthy()) {
                        healthy = sample;
                        break;
                    }
                }
            }
            if (healthy == null) {
                return new Recovery(null, last == null ? "no cluster sample after the fault ended" : last.problems());
            }
            longest = Math.max(longest, healthy.atMs() - fault.endMs());
        }
        return new Recovery(longest, null);
    }
}
