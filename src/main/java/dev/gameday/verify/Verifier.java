package dev.gameday.verify;

import dev.gameday.json.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns a run's {@link History} into an {@link Analysis}, each probe's records judged by its own
 * {@link Checker} (Jepsen-style anomalies, availability, recovery), and an analysis and a
 * {@link Hypothesis} into a {@link Verdict} that lists every violated clause with the measured value
 * and the threshold: the policy on top of what the checkers found.
 */
public final class Verifier {

    private Verifier() {}

    public static Analysis analyze(History history, List<FaultWindow> faults) {
        Checks run = new Checks(history, faults);
        Checker.Found<PartitionChecker.Figures> partitions = new PartitionChecker().check(run);
        Checker.Found<Analysis.TransactionFigures> transactions = new TransactionChecker().check(run);
        Checker.Found<Analysis.PipelineFigures> pipeline = new PipelineChecker().check(run);
        Checker.Found<Analysis.RegistryFigures> registry = new RegistryChecker().check(run);
        RecoveryChecker.Figures recovery = new RecoveryChecker().check(run).figures();
        Checker.Found<Analysis.GroupFigures> group = new GroupChecker(recovery.perFault()).check(run);

        List<Analysis.Anomaly> anomalies = new ArrayList<>();
        for (Checker.Found<?> found : List.of(partitions, transactions, pipeline, registry, group)) {
            anomalies.addAll(found.anomalies());
        }
        long[] totals = new long[AnomalyKind.values().length];
        anomalies.forEach(a -> totals[AnomalyKind.byId(a.kind()).orElseThrow().ordinal()] += a.count());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (AnomalyKind kind : AnomalyKind.values()) {
            counts.put(kind.id(), totals[kind.ordinal()]);
        }
        PartitionChecker.Figures p = partitions.figures();
        long unavailabilityMs = p.unavailability().stream().mapToLong(Analysis.PartitionWindow::lengthMs).max().orElse(0);
        return new Analysis(p.sent(), p.acknowledged(), p.failed(), p.indeterminate(), p.read(),
                totals[AnomalyKind.LOST.ordinal()], p.lost(), totals[AnomalyKind.DUPLICATE.ordinal()],
                totals[AnomalyKind.REORDER.ordinal()], totals[AnomalyKind.INCONSISTENT_OFFSET.ordinal()],
                totals[AnomalyKind.ABORTED_READ.ordinal()], totals[AnomalyKind.UNEXPECTED.ordinal()],
                p.indeterminateRead(), anomalies, p.unavailability(), unavailabilityMs, p.stalls(),
                recovery.recoveryMs(), recovery.problem(), recovery.perFault(), counts, group.figures(),
                transactions.figures(), pipeline.figures(), registry.figures());
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
