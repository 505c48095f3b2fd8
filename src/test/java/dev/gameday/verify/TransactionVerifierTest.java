package dev.gameday.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Histories of the transactional producer, transactions of 4 records round robin over 2 partitions,
 * with exactly one transactional anomaly each. In the log each transaction also leaves a marker in
 * both partitions, so offsets jump where sequence numbers do not.
 */
class TransactionVerifierTest {

    static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    static final int RECORDS = 4;

    final History history = new History(UUID.randomUUID(), START, 0, new long[] {0, 0}, 50, 5_000, RECORDS);
    final long[] nextOffset = new long[2];
    long now;

    /** Sends a transaction's records, round robin: [partition, seq, offset] each. */
    long[][] send(long txn) {
        long[][] records = new long[RECORDS][];
        for (int j = 0; j < RECORDS; j++) {
            int p = (int) ((txn * RECORDS + j) % 2);
            long seq = history.nextSequence(p, now++);
            assertThat(history.transactionOf(p, seq)).isEqualTo(txn);
            records[j] = new long[] {p, seq, nextOffset[p]++};
        }
        nextOffset[0]++; // the transaction's marker
        nextOffset[1]++;
        return records;
    }

    long[][] committed(long txn) {
        long[][] records = send(txn);
        history.transactionCommitting(txn, now++);
        for (long[] r : records) {
            history.acked((int) r[0], r[1], r[2], now, 1_000);
        }
        history.transactionEnded(txn, Outcome.OK);
        return records;
    }

    long[][] abortedOnPurpose(long txn) {
        long[][] records = send(txn);
        for (long[] r : records) {
            history.abortedOnPurpose((int) r[0], r[1], now);
        }
        history.transactionEnded(txn, Outcome.FAIL);
        return records;
    }

    void read(long[][] records) {
        for (long[] r : records) {
            history.read((int) r[0], r[1], r[2], -1, now++);
        }
    }

    void inFinalLog(long[][] records) {
        for (long[] r : records) {
            history.inFinalLog((int) r[0], r[1]);
        }
    }

    static List<String> kinds(Analysis analysis) {
        return analysis.anomalies().stream().map(Analysis.Anomaly::kind).distinct().toList();
    }

    /** Three transactions committed, the last aborted on purpose; every committed record read and in the log. */
    long[][][] cleanRun() {
        long[][][] txns = {committed(0), committed(1), committed(2), abortedOnPurpose(3)};
        for (int t = 0; t < 3; t++) {
            read(txns[t]);
            inFinalLog(txns[t]);
        }
        return txns;
    }

    @Test
    void committedTransactionsAllReadAndAbortedOnesNeverReadHaveNoAnomaly() {
        cleanRun();
        history.finalReadDone();

        Analysis analysis = Verifier.analyze(history, List.of());
        assertThat(analysis.anomalies()).isEmpty();
        assertThat(analysis.transactions()).isEqualTo(new Analysis.TransactionFigures(3, 1, 0));
        assertThat(analysis.failed()).as("aborting on purpose is no failed write").isZero();
    }

    @Test
    void aRecordOfAnAbortedTransactionReadIsAnAbortedRead() {
        long[][][] txns = cleanRun();
        history.read((int) txns[3][1][0], txns[3][1][1], txns[3][1][2], -1, now++);
        history.finalReadDone();

        Analysis analysis = Verifier.analyze(history, List.of());
        assertThat(kinds(analysis)).containsExactly("aborted-read");
        assertThat(analysis.anomalies().get(0).examples().get(0))
                .startsWith("seq 6 was read although its transaction (3) was aborted");
    }

    @Test
    void aCommittedTransactionMissingFromTheLogIsLost() {
        long[][] first = committed(0);
        long[][] second = committed(1);
        read(first);
        read(second);
        inFinalLog(first); // the whole of the second one was truncated away
        history.finalReadDone();

        Analysis analysis = Verifier.analyze(history, List.of());
        // its records are lost writes too; the transaction anomaly says they went together
        assertThat(kinds(analysis)).containsExactlyInAnyOrder("lost", "lost-transaction");
        assertThat(analysis.count(AnomalyKind.LOST_TRANSACTION)).isEqualTo(1);
        assertThat(analysis.count(AnomalyKind.LOST)).isEqualTo(RECORDS);
        assertThat(analysis.anomalies()).filteredOn(a -> a.kind().equals("lost-transaction")).singleElement()
                .satisfies(a -> assertThat(a.examples()).containsExactly("transaction 1 (4 records), committed: none of "
                        + "its records is in the log [at 9ms; no fault active]"));
    }

    @Test
    void aCommittedTransactionPartlyMissingFromTheLogIsTorn() {
        long[][] first = committed(0);
        read(first);
        inFinalLog(new long[][] {first[0], first[1], first[3]}); // p0 seq 1 is gone
        history.finalReadDone();

        Analysis analysis = Verifier.analyze(history, List.of());
        assertThat(kinds(analysis)).containsExactlyInAnyOrder("lost", "torn-transaction");
        assertThat(analysis.count(AnomalyKind.TORN_TRANSACTION)).isEqualTo(1);
        assertThat(analysis.count(AnomalyKind.LOST)).isEqualTo(1);
        assertThat(analysis.anomalies()).filteredOn(a -> a.kind().equals("torn-transaction")).singleElement()
                .satisfies(a -> assertThat(a.examples().get(0)).startsWith("transaction 0 (4 records), committed: "
                        + "1 missing: p0 seq 1"));
    }

    @Test
    void aRecordReadBeforeItsTransactionsCommitWasCalledIsAnEarlyRead() {
        long[][] early = send(0);
        history.read((int) early[0][0], early[0][1], early[0][2], 7, now++); // read_committed should not have it yet
        history.transactionCommitting(0, now++);
        for (long[] r : early) {
            history.acked((int) r[0], r[1], r[2], now, 1_000);
        }
        history.transactionEnded(0, Outcome.OK);
        read(new long[][] {early[1], early[2], early[3]});

        Analysis analysis = Verifier.analyze(history, List.of());
        assertThat(kinds(analysis)).containsExactly("early-read");
        assertThat(analysis.anomalies().get(0).examples()).containsExactly("seq 0 at offset 0 (transaction 0) read by "
                + "the live consumer before its commit was called [at 4ms; no fault active; leader epoch 7]");
    }

    @Test
    void aGroupMemberJumpingOverACommittedRecordSkipsAndOverAnAbortedOneDoesNot() {
        long[][][] txns = cleanRun();
        long[][] after = committed(4);
        read(after);
        GroupMember member = history.groupMember(1);
        history.groupEvent(member, GroupEvent.Kind.ASSIGNED, List.of(0, 1), now);
        for (long[][] txn : new long[][][] {txns[0], txns[1], after}) { // txn 2 committed and skipped; 3 aborted
            for (long[] r : txn) {
                if ((int) r[0] == 0) {
                    history.groupProcessed(member, 0, r[1], r[2], -1, now++);
                }
            }
        }

        Analysis analysis = Verifier.analyze(history, List.of());
        assertThat(kinds(analysis)).containsExactly("poll-skip");
        assertThat(analysis.count(AnomalyKind.POLL_SKIP)).isEqualTo(1);
        assertThat(analysis.anomalies().get(0).examples().get(0)).startsWith("member 1 was given seq 8 (offset 12) "
                + "right after seq 3, with no rebalance in between: seq 4 of a committed transaction never");
    }
}
