package dev.gameday.verify;

import dev.gameday.json.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Context context = new Context(faults, faultWindows, history.clusterSamples());
        long sent = 0, ok = 0, failed = 0, indeterminate = 0, read = 0, indeterminateRead = 0;
        long[] totals = new long[AnomalyKind.values().length];
        List<String> lost = new ArrayList<>();
        List<Analysis.Anomaly> anomalies = new ArrayList<>();
        List<Analysis.PartitionWindow> unavailability = new ArrayList<>();
        List<Analysis.PartitionWindow> stalls = new ArrayList<>();
        for (int i = 0; i < history.partitionCount(); i++) {
            int p = i;
            PartitionHistory partition = history.partition(p);
            PartitionHistory.Counts c = partition.counts;
            sent += c.sent;
            ok += c.ok;
            failed += c.failed;
            indeterminate += c.indeterminate;
            read += c.read;
            indeterminateRead += c.indeterminateRead;

            PartitionHistory.Absent absent = partition.absent();
            ranges(anomalies, AnomalyKind.LOST, p, absent.lost()).ifPresent(lost::add);
            ranges(anomalies, AnomalyKind.UNSEEN, p, absent.unseen());
            skips(anomalies, p, partition.skipped(), context);
            for (AnomalyKind kind : AnomalyKind.values()) {
                long count = partition.anomalies.count(kind);
                if (count > 0) {
                    anomalies.add(new Analysis.Anomaly(kind.id(), p, count, partition.anomalies.examples(kind).stream()
                            .map(e -> context.describe(p, e)).toList()));
                }
            }

            longestOverlapping(partition.ackGaps, faultWindows)
                    .ifPresent(w -> unavailability.add(new Analysis.PartitionWindow(partition.partition, w.startMs(), w.endMs())));
            partition.live.waits.forEach(w -> stalls.add(new Analysis.PartitionWindow(partition.partition, w.startMs(), w.endMs())));
        }
        Analysis.TransactionFigures transactions = transactions(history, anomalies, context);
        Analysis.PipelineFigures pipeline = pipeline(history, anomalies, faultWindows);
        Analysis.RegistryFigures registry = registry(history, anomalies, context);
        anomalies.forEach(a -> totals[AnomalyKind.byId(a.kind()).orElseThrow().ordinal()] += a.count());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (AnomalyKind kind : AnomalyKind.values()) {
            counts.put(kind.id(), totals[kind.ordinal()]);
        }
        long unavailabilityMs = unavailability.stream().mapToLong(Analysis.PartitionWindow::lengthMs).max().orElse(0);
        Recovery recovery = recovery(history.clusterSamples(), faultWindows);
        List<Analysis.FaultMeasure> perFault = perFault(history, faults, faultWindows);
        return new Analysis(sent, ok, failed, indeterminate, read, totals[AnomalyKind.LOST.ordinal()], lost,
                totals[AnomalyKind.DUPLICATE.ordinal()], totals[AnomalyKind.REORDER.ordinal()],
                totals[AnomalyKind.INCONSISTENT_OFFSET.ordinal()], totals[AnomalyKind.ABORTED_READ.ordinal()],
                totals[AnomalyKind.UNEXPECTED.ordinal()], indeterminateRead, anomalies, unavailability, unavailabilityMs,
                stalls, recovery.ms, recovery.problem, perFault, counts, group(history, perFault), transactions,
                pipeline, registry);
    }

    /**
     * The registry probe's figures, with the requests no node answered as one
     * {@link AnomalyKind#REGISTRY_FAILURE} entry (partition -1: not a partition's); null without it.
     */
    private static Analysis.RegistryFigures registry(History history, List<Analysis.Anomaly> anomalies,
                                                     Context context) {
        History.Registry r = history.registry();
        if (r == null) {
            return null;
        }
        synchronized (r) {
            long failures = r.failures.count(AnomalyKind.REGISTRY_FAILURE);
            if (failures > 0) {
                anomalies.add(new Analysis.Anomaly(AnomalyKind.REGISTRY_FAILURE.id(), -1, failures,
                        r.failures.examples(AnomalyKind.REGISTRY_FAILURE).stream()
                                .map(e -> context.describe(-1, e)).toList()));
            }
            long p99 = r.latencyMs.getTotalCount() == 0 ? 0 : r.latencyMs.getValueAtPercentile(99);
            List<Analysis.RegistryNode> nodes = r.nodes.entrySet().stream().map(node -> new Analysis.RegistryNode(
                    node.getKey(), node.getValue().answered, node.getValue().unanswered, node.getValue().slowestMs))
                    .toList();
            return new Analysis.RegistryFigures(r.registered, r.found, r.failovers, failures, p99,
                    r.latencyMs.getMaxValue(), nodes);
        }
    }

    /**
     * What the pipeline probe saw downstream, with what it lacks as {@link AnomalyKind#PIPELINE_LOST}
     * ranges per partition (its second copies are counted as they arrive); null without the pipeline probe.
     */
    private static Analysis.PipelineFigures pipeline(History history, List<Analysis.Anomaly> anomalies,
                                                     List<Window> faults) {
        History.Pipeline p = history.pipeline();
        if (p == null) {
            return null;
        }
        List<String> lost = new ArrayList<>();
        long mirrored = 0, again = 0;
        for (int i = 0; i < history.partitionCount(); i++) {
            PartitionHistory partition = history.partition(i);
            ranges(anomalies, AnomalyKind.PIPELINE_LOST, i, partition.notMirrored()).ifPresent(lost::add);
            mirrored += partition.counts.mirrored;
            again += partition.counts.mirroredAgain;
        }
        synchronized (p) {
            long p99 = p.lagMs.getTotalCount() == 0 ? 0 : p.lagMs.getValueAtPercentile(99);
            return new Analysis.PipelineFigures(mirrored, again, lost, p99, p.lagMs.getMaxValue(),
                    taskRecovery(List.copyOf(p.tasks), faults), p.caughtUp);
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

    /**
     * Committed transactions the log lacks in whole (lost) or in part (torn), each under the partition
     * of its first missing record, and how the transactions ended; null without transactions. A
     * transaction with a record the final read never got to is not judged.
     */
    private static Analysis.TransactionFigures transactions(History history, List<Analysis.Anomaly> anomalies,
                                                            Context context) {
        Transactions log = history.transactionLog();
        if (log == null) {
            return null;
        }
        AnomalyLog[] byPartition = new AnomalyLog[history.partitionCount()];
        long committed = 0, aborted = 0, unknown = 0;
        for (long txn = 0; txn < log.count(); txn++) {
            switch (log.state(txn)) {
                case COMMITTED -> committed++;
                case ABORTED -> aborted++;
                case UNKNOWN -> unknown++;
                default -> { }
            }
            if (log.state(txn) != Transactions.State.COMMITTED) {
                continue;
            }
            List<String> missing = new ArrayList<>();
            int first = -1;
            boolean judged = true;
            for (int j = 0; j < log.records && judged; j++) {
                int p = log.partitionOf(txn, j);
                long seq = log.seqOf(txn, j);
                int presence = history.partition(p).presence(seq);
                judged = presence >= 0;
                if (presence == 0) {
                    first = first < 0 ? p : first;
                    missing.add("p" + p + " seq " + seq);
                }
            }
            if (!judged || missing.isEmpty()) {
                continue;
            }
            AnomalyLog partitionLog = byPartition[first] == null ? byPartition[first] = new AnomalyLog() : byPartition[first];
            long t = txn;
            boolean whole = missing.size() == log.records;
            partitionLog.note(whole ? AnomalyKind.LOST_TRANSACTION : AnomalyKind.TORN_TRANSACTION, log.committingAtMs(txn),
                    AnomalyLog.NO_EPOCH, () -> "transaction " + t + " (" + log.records + " records), committed: "
                            + (whole ? "none of its records is in the log"
                            : missing.size() + " missing: " + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                            + (missing.size() > 5 ? ", ..." : "")));
        }
        for (int p = 0; p < byPartition.length; p++) {
            for (AnomalyKind kind : List.of(AnomalyKind.LOST_TRANSACTION, AnomalyKind.TORN_TRANSACTION)) {
                if (byPartition[p] != null && byPartition[p].count(kind) > 0) {
                    int partition = p;
                    anomalies.add(new Analysis.Anomaly(kind.id(), p, byPartition[p].count(kind),
                            byPartition[p].examples(kind).stream().map(e -> context.describe(partition, e)).toList()));
                }
            }
        }
        return new Analysis.TransactionFigures(committed, aborted, unknown);
    }

    /** Skipped records of one partition as an anomaly: each range with its offsets and the commit that passed it. */
    private static void skips(List<Analysis.Anomaly> anomalies, int partition, List<PartitionHistory.Skipped> skipped,
                              Context context) {
        if (skipped.isEmpty()) {
            return;
        }
        long count = skipped.stream().mapToLong(PartitionHistory.Skipped::count).sum();
        anomalies.add(new Analysis.Anomaly(AnomalyKind.SKIP.id(), partition, count, skipped.stream()
                .limit(AnomalyLog.EXAMPLES)
                .map(s -> context.describe(partition, new AnomalyLog.Example("offsets " + s.fromOffset()
                        + (s.toOffset() > s.fromOffset() ? "-" + s.toOffset() : "") + " (seq " + s.fromSeq()
                        + (s.toSeq() > s.fromSeq() ? "-" + s.toSeq() : "") + "): the group's committed offset reached "
                        + s.committed() + " (member " + s.committedBy() + ") and no member ever processed them",
                        s.committedAtMs(), AnomalyLog.NO_EPOCH)))
                .toList()));
    }

    /** The group probe over the run; null when it did not run. */
    private static Analysis.GroupFigures group(History history, List<Analysis.FaultMeasure> perFault) {
        if (!history.hasGroup()) {
            return null;
        }
        long processed = 0;
        long reprocessed = 0;
        for (int p = 0; p < history.partitionCount(); p++) {
            processed += history.partition(p).counts.processed;
            reprocessed += history.partition(p).counts.reprocessed;
        }
        boolean settled = perFault.stream().allMatch(f -> f.unsettled() == null);
        return new Analysis.GroupFigures(processed, reprocessed,
                settled ? perFault.stream().mapToLong(Analysis.FaultMeasure::rebalanceMs).max().orElse(0) : null,
                perFault.stream().mapToLong(Analysis.FaultMeasure::resumeMs).max().orElse(0));
    }
    /**
     * Sequence-number ranges of one kind in one partition as an anomaly, its examples the first ranges;
     * the partition's line "p0: 1200-1340, 1502" (first ranges only), when there are any.
     */
    private static Optional<String> ranges(List<Analysis.Anomaly> anomalies, AnomalyKind kind, int partition,
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

    /** What was happening at an example's time: the faults active, the partition's leader and its epoch. */
    private record Context(List<FaultWindow> faults, List<Window> windows, List<History.ClusterSample> samples) {

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
            for (History.ClusterSample sample : samples) {
                if (sample.atMs() > atMs) {
                    break;
                }
                if (sample.leaders().containsKey(partition)) {
                    leader = sample.leaders().get(partition);
                }
            }
            return Optional.ofNullable(leader);
        }
    }

    /**
     * Each fault on its own: its longest overlapping ack gap over all partitions, its recovery, and
     * with a group probe what the group went through from it to the next fault.
     */
    private static List<Analysis.FaultMeasure> perFault(History history, List<FaultWindow> faults, List<Window> windows) {
        List<Analysis.FaultMeasure> measures = new ArrayList<>();
        GroupAssignment assignment = history.hasGroup()
                ? new GroupAssignment(history.groupEvents(), history.partitionCount()) : null;
        for (int f = 0; f < faults.size(); f++) {
            List<Window> one = List.of(windows.get(f));
            long longest = 0;
            for (int p = 0; p < history.partitionCount(); p++) {
                longest = Math.max(longest, longestOverlapping(history.partition(p).ackGaps, one)
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
                resumeMs = longestGroupWait(history, untilNext);
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
    private static long longestGroupWait(History history, Window span) {
        long longest = 0;
        for (int p = 0; p < history.partitionCount(); p++) {
            longest = Math.max(longest, longestOverlapping(history.partition(p).group.waits, List.of(span))
                    .map(Window::lengthMs).orElse(0L));
        }
        return longest;
    }

    private static Optional<Window> longestOverlapping(List<Window> gaps, List<Window> faults) {
        Window longest = null;
        for (Window gap : gaps) {
            boolean overlaps = faults.stream().anyMatch(gap::overlaps);
            if (overlaps && (longest == null || gap.lengthMs() > longest.lengthMs())) {
                longest = gap;
            }
        }
        return Optional.ofNullable(longest);
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

    /** Every clause the analysis breaks: each anomaly kind over its allowance, then each timing given. */
    public static Verdict verdict(Analysis a, Hypothesis h) {
        List<String> reasons = new ArrayList<>();
        for (AnomalyKind kind : AnomalyKind.values()) {
            long measured = a.count(kind);
            if (measured > h.allowed(kind)) {
                String detail = examples(a, kind);
                reasons.add(kind.label() + ": " + measured + ", allowed " + h.allowed(kind)
                        + (detail.isEmpty() ? "" : " (" + detail + ")"));
            }
        }
        if (h.maxUnavailability() != null && a.unavailabilityMs() > h.maxUnavailability().toMillis()) {
            Analysis.PartitionWindow worst = a.unavailability().stream()
                    .max(Comparator.comparingLong(Analysis.PartitionWindow::lengthMs)).orElseThrow();
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
        groupTimings(reasons, a, h);
        return new Verdict(reasons.isEmpty() ? Verdict.Status.PASS : Verdict.Status.FAIL, reasons);
    }

    /** The group probe's clauses, fault by fault: rebalance time (or a group that never settled), resume time. */
    private static void groupTimings(List<String> reasons, Analysis a, Hypothesis h) {
        if (h.maxRebalance() == null && h.maxResume() == null) {
            return;
        }
        if (a.group() == null) {
            reasons.add("rebalance and resume: no group probe ran (probe.group), so neither was measured");
            return;
        }
        for (Analysis.FaultMeasure f : a.perFault()) {
            String after = " after step " + f.step() + " (" + f.fault() + ")";
            if (h.maxRebalance() != null && f.unsettled() != null) {
                reasons.add("rebalance" + after + ": the group never settled with every partition assigned: "
                        + f.unsettled() + ", allowed " + Durations.format(h.maxRebalance()));
            } else if (h.maxRebalance() != null && f.rebalanceMs() > h.maxRebalance().toMillis()) {
                reasons.add("rebalance" + after + ": " + Durations.format(Duration.ofMillis(f.rebalanceMs()))
                        + ", allowed " + Durations.format(h.maxRebalance()));
            }
            if (h.maxResume() != null && f.resumeMs() > h.maxResume().toMillis()) {
                reasons.add("resume" + after + ": " + Durations.format(Duration.ofMillis(f.resumeMs())) + ", allowed "
                        + Durations.format(h.maxResume()));
            }
        }
    }

    /** The first three examples of a kind, by partition: "p0: 1200-1340, 1502; p3: 77". */
    private static String examples(Analysis a, AnomalyKind kind) {
        StringJoiner joined = new StringJoiner("; ");
        int left = 3;
        for (Analysis.Anomaly anomaly : a.anomalies()) {
            if (left > 0 && anomaly.kind().equals(kind.id()) && !anomaly.examples().isEmpty()) {
                List<String> shown = anomaly.examples().subList(0, Math.min(left, anomaly.examples().size()));
                joined.add((anomaly.partition() < 0 ? "" : "p" + anomaly.partition() + ": ") + String.join(", ", shown));
                left -= shown.size();
            }
        }
        return joined.toString();
    }
}
