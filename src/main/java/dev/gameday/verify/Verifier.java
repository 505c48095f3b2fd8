package dev.gameday.verify;

import dev.gameday.json.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Turns a run's {@link History} into an {@link Analysis} (Jepsen-style anomalies, availability,
 * recovery), and an analysis and a {@link Hypothesis} into a {@link Verdict} that lists every
 * violated clause with the measured value and the threshold.
 */
public final class Verifier {

    private Verifier() {}

    public static Analysis analyze(History history, List<FaultWindow> faults) {
        List<Window> faultWindows = faults.stream()
                .map(f -> new Window(history.msSinceStart(f.start()), history.msSinceStart(f.end())))
                .toList();
        long sent = 0, ok = 0, failed = 0, indeterminate = 0, read = 0, lostWrites = 0;
        long duplicates = 0, reorders = 0, inconsistent = 0, aborted = 0, unexpected = 0, indeterminateRead = 0;
        List<String> lost = new ArrayList<>();
        List<Analysis.Anomaly> anomalies = new ArrayList<>();
        List<Analysis.PartitionWindow> unavailability = new ArrayList<>();
        List<Analysis.PartitionWindow> stalls = new ArrayList<>();
        for (int p = 0; p < history.partitionCount(); p++) {
            PartitionHistory partition = history.partition(p);
            PartitionHistory.Counts c = partition.counts;
            sent += c.sent;
            ok += c.ok;
            failed += c.failed;
            indeterminate += c.indeterminate;
            read += c.read;
            duplicates += c.duplicates;
            reorders += c.reorders;
            inconsistent += c.inconsistentOffsets;
            aborted += c.abortedReads;
            unexpected += c.unexpected;
            indeterminateRead += c.indeterminateRead;

            List<long[]> ranges = partition.lostRanges();
            long partitionLost = ranges.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
            lostWrites += partitionLost;
            if (partitionLost > 0) {
                StringJoiner list = new StringJoiner(", ", "p" + p + ": ", "");
                ranges.forEach(r -> list.add(r[0] == r[1] ? String.valueOf(r[0]) : r[0] + "-" + r[1]));
                lost.add(list.toString());
                anomalies.add(new Analysis.Anomaly("lost", p, partitionLost, List.of(list.toString())));
            }
            PartitionHistory.Examples e = partition.examples;
            addAnomaly(anomalies, "duplicate", p, c.duplicates, e.duplicates);
            addAnomaly(anomalies, "reorder", p, c.reorders, e.reorders);
            addAnomaly(anomalies, "inconsistent-offset", p, c.inconsistentOffsets, e.inconsistentOffsets);
            addAnomaly(anomalies, "aborted-read", p, c.abortedReads, e.abortedReads);
            addAnomaly(anomalies, "unexpected", p, c.unexpected, e.unexpected);

            longestOverlapping(partition.ackGaps, faultWindows)
                    .ifPresent(w -> unavailability.add(new Analysis.PartitionWindow(partition.partition, w.startMs(), w.endMs())));
            partition.stalls.forEach(w -> stalls.add(new Analysis.PartitionWindow(partition.partition, w.startMs(), w.endMs())));
        }
        long unavailabilityMs = unavailability.stream().mapToLong(Analysis.PartitionWindow::lengthMs).max().orElse(0);
        Recovery recovery = recovery(history.clusterSamples(), faultWindows);
        return new Analysis(sent, ok, failed, indeterminate, read, lostWrites, lost, duplicates, reorders, inconsistent,
                aborted, unexpected, indeterminateRead, anomalies, unavailability, unavailabilityMs, stalls,
                recovery.ms, recovery.problem, perFault(history, faults, faultWindows));
    }

    /** Each fault on its own: its longest overlapping ack gap over all partitions, its recovery. */
    private static List<Analysis.FaultMeasure> perFault(History history, List<FaultWindow> faults, List<Window> windows) {
        List<Analysis.FaultMeasure> measures = new ArrayList<>();
        for (int f = 0; f < faults.size(); f++) {
            List<Window> one = List.of(windows.get(f));
            long longest = 0;
            for (int p = 0; p < history.partitionCount(); p++) {
                longest = Math.max(longest, longestOverlapping(history.partition(p).ackGaps, one)
                        .map(Window::lengthMs).orElse(0L));
            }
            measures.add(new Analysis.FaultMeasure(faults.get(f).step(), faults.get(f).fault(), longest,
                    recovery(history.clusterSamples(), one).ms));
        }
        return measures;
    }

    private static void addAnomaly(List<Analysis.Anomaly> anomalies, String kind, int partition, long count,
                                   List<String> examples) {
        if (count > 0) {
            anomalies.add(new Analysis.Anomaly(kind, partition, count, List.copyOf(examples)));
        }
    }

    private static java.util.Optional<Window> longestOverlapping(List<Window> gaps, List<Window> faults) {
        Window longest = null;
        for (Window gap : gaps) {
            boolean overlaps = faults.stream().anyMatch(gap::overlaps);
            if (overlaps && (longest == null || gap.lengthMs() > longest.lengthMs())) {
                longest = gap;
            }
        }
        return java.util.Optional.ofNullable(longest);
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

    public static Verdict verdict(Analysis a, Hypothesis h) {
        List<String> reasons = new ArrayList<>();
        count(reasons, "lost writes", a.lostWrites(), h.lostWrites(), String.join("; ", a.lost()));
        count(reasons, "duplicates", a.duplicates(), h.duplicates(), examples(a, "duplicate"));
        count(reasons, "reordered reads", a.reorders(), h.reorders(), examples(a, "reorder"));
        count(reasons, "inconsistent offsets", a.inconsistentOffsets(), h.inconsistentOffsets(),
                examples(a, "inconsistent-offset"));
        count(reasons, "aborted reads", a.abortedReads(), h.abortedReads(), examples(a, "aborted-read"));
        count(reasons, "unexpected records", a.unexpected(), h.unexpected(), examples(a, "unexpected"));
        if (h.maxUnavailability() != null && a.unavailabilityMs() > h.maxUnavailability().toMillis()) {
            Analysis.PartitionWindow worst = a.unavailability().stream()
                    .max(java.util.Comparator.comparingLong(Analysis.PartitionWindow::lengthMs)).orElseThrow();
            reasons.add("unavailability: " + Durations.format(Duration.ofMillis(a.unavailabilityMs())) + " on partition "
                    + worst.partition() + ", allowed " + Durations.format(h.maxUnavailability()));
        }
        if (h.recoveryWithin() != null) {
            if (a.recoveryMs() == null) {
                reasons.add("recovery: the cluster was not healthy again by the end of the run, allowed "
                        + Durations.format(h.recoveryWithin()) + " (" + a.recoveryProblem() + ")");
            } else if (a.recoveryMs() > h.recoveryWithin().toMillis()) {
                reasons.add("recovery: " + Durations.format(Duration.ofMillis(a.recoveryMs())) + ", allowed "
                        + Durations.format(h.recoveryWithin()));
            }
        }
        if (h.writesRefused() && a.failed() + a.indeterminate() == 0) {
            reasons.add("writes refused: every write was acknowledged, but the fault should have made writes fail");
        }
        if (h.maxConsumerStall() != null && a.longestStallMs() > h.maxConsumerStall().toMillis()) {
            reasons.add("consumer stall: " + Durations.format(Duration.ofMillis(a.longestStallMs())) + ", allowed "
                    + Durations.format(h.maxConsumerStall()));
        }
        return new Verdict(reasons.isEmpty() ? Verdict.Status.PASS : Verdict.Status.FAIL, reasons);
    }

    private static void count(List<String> reasons, String what, long measured, long allowed, String detail) {
        if (measured > allowed) {
            reasons.add(what + ": " + measured + ", allowed " + allowed + (detail.isEmpty() ? "" : " (" + detail + ")"));
        }
    }

    private static String examples(Analysis a, String kind) {
        StringJoiner joined = new StringJoiner("; ");
        a.anomalies().stream()
                .filter(x -> x.kind().equals(kind))
                .forEach(x -> x.examples().stream().limit(3).forEach(ex -> joined.add("p" + x.partition() + " " + ex)));
        return joined.toString();
    }
}
