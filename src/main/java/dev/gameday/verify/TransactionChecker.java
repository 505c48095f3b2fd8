package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Committed transactions the log lacks in whole (lost) or in part (torn), each under the partition
 * of its first missing record, and how the transactions ended; null without transactions. A
 * transaction with a record the final read never got to is not judged.
 */
final class TransactionChecker implements Checker<Analysis.TransactionFigures> {

    @Override
    public Found<Analysis.TransactionFigures> check(Checks run) {
        History history = run.history;
        Transactions log = history.transactionLog();
        if (log == null) {
            return Found.none();
        }
        List<Analysis.Anomaly> anomalies = new ArrayList<>();
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
                            byPartition[p].examples(kind).stream().map(e -> run.describe(partition, e)).toList()));
                }
            }
        }
        return new Found<>(new Analysis.TransactionFigures(committed, aborted, unknown), anomalies);
    }
}
