package dev.gameday.verify;

import dev.gameday.json.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * One run as every checker sees it: its history, its faults and when each was applied (in ms since the
 * run started), and how to say what was happening when an anomaly was seen.
 */
final class Checks {

    final History history;
    final List<FaultWindow> faults;
    /** Each fault's window in ms since the start, in the order of {@link #faults}. */
    final List<Window> windows;
    /** Each partition as it was when the checks began, by partition number. */
    final List<PartitionHistory.Snapshot> partitions;

    Checks(History history, List<FaultWindow> faults) {
        this.history = history;
        this.faults = faults;
        this.windows = faults.stream()
                .map(f -> new Window(history.msSinceStart(f.start()), history.msSinceStart(f.end())))
                .toList();
        boolean pipeline = history.pipeline() != null;
        List<PartitionHistory.Snapshot> copies = new ArrayList<>();
        for (int p = 0; p < history.partitionCount(); p++) {
            copies.add(history.partition(p).snapshot(pipeline));
        }
        this.partitions = List.copyOf(copies);
    }

    /** An example with what was happening at its time: the faults active, the partition's leader and its epoch. */
    String describe(int partition, AnomalyLog.Example example) {
        StringJoiner what = new StringJoiner("; ", " [", "]").setEmptyValue("");
        if (example.atMs() >= 0) {
            what.add("at " + Durations.format(Duration.ofMillis(example.atMs())));
            List<String> active = new ArrayList<>();
            for (int f = 0; f < faults.size(); f++) {
                Window w = windows.get(f);
                if (w.startMs() <= example.atMs() && example.atMs() <= w.endMs()) {
                    FaultWindow fault = faults.get(f);
                    active.add("step " + fault.step() + " " + fault.fault()
                            + (fault.targets().isEmpty() ? "" : " on " + String.join(", ", fault.targets())));
                }
            }
            what.add(active.isEmpty() ? "no fault active" : "during " + String.join(", ", active));
            leaderAt(partition, example.atMs()).ifPresent(leader -> what.add(leader < 0 ? "no leader" : "leader " + leader));
        }
        if (example.leaderEpoch() >= 0) {
            what.add("leader epoch " + example.leaderEpoch());
        }
        return example.what() + what;
    }

    /** The partition's leader in the last cluster sample at or before the time, if one named it. */
    private Optional<Integer> leaderAt(int partition, long atMs) {
        Integer leader = null;
        for (History.ClusterSample sample : history.clusterSamples()) {
            if (sample.atMs() > atMs) {
                break;
            }
            if (sample.leaders().containsKey(partition)) {
                leader = sample.leaders().get(partition);
            }
        }
        return Optional.ofNullable(leader);
    }

    /** The examples of one kind in one partition's log, each said with its moment, as an anomaly; none if none. */
    Optional<Analysis.Anomaly> logged(AnomalyKind kind, int partition, AnomalyLog log) {
        long count = log.count(kind);
        return count == 0 ? Optional.empty() : Optional.of(new Analysis.Anomaly(kind.id(), partition, count,
                log.examples(kind).stream().map(e -> describe(partition, e)).toList()));
    }

    /**
     * Sequence-number ranges of one kind in one partition as an anomaly, its examples the first ranges;
     * the partition's line "p0: 1200-1340, 1502" (first ranges only), when there are any.
     */
    static Optional<String> ranges(List<Analysis.Anomaly> anomalies, AnomalyKind kind, int partition,
                                   List<long[]> ranges) {
        long count = ranges.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
        if (count == 0) {
            return Optional.empty();
        }
        List<String> shown = ranges.stream().limit(AnomalyLog.EXAMPLES)
                .map(r -> r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]).toList();
        anomalies.add(new Analysis.Anomaly(kind.id(), partition, count, shown));
        int more = ranges.size() - shown.size();
        return Optional.of("p" + partition + ": " + String.join(", ", shown)
                + (more > 0 ? " and " + more + " more range(s)" : ""));
    }

    /** The longest of the gaps that overlaps one of the windows. */
    static Optional<Window> longestOverlapping(List<Window> gaps, List<Window> windows) {
        Window longest = null;
        for (Window gap : gaps) {
            boolean overlaps = windows.stream().anyMatch(gap::overlaps);
            if (overlaps && (longest == null || gap.lengthMs() > longest.lengthMs())) {
                longest = gap;
            }
        }
        return Optional.ofNullable(longest);
    }
}
