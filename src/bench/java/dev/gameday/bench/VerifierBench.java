package dev.gameday.bench;

import dev.gameday.verify.Analysis;
import dev.gameday.verify.GroupEvent;
import dev.gameday.verify.GroupMember;
import dev.gameday.verify.History;
import dev.gameday.verify.Outcome;
import dev.gameday.verify.Verifier;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records and verifies a synthetic history of 10 million messages over 12 partitions: every
 * message sent, acknowledged, read live and found by the final read, then the whole analysis; then
 * the same with the group and transactional probes on: transactions of 10 records, committed, and
 * three group members that process every record and commit every 1,000 of a partition. An event is
 * one send, ack or read recorded (group reads included). Prints messages and events per second and
 * the heap the history retains. Run: bench/run.sh verifier [messages]
 */
public final class VerifierBench {

    static final int PARTITIONS = 12;
    static final int TRANSACTION_RECORDS = 10;
    static final int MEMBERS = 3;

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        for (boolean consumers : new boolean[] {false, true}) {
            for (int round = 1; round <= 3; round++) {
                long baseline = usedHeapAfterGc();
                long start = System.nanoTime();
                History history = consumers ? withConsumers(messages, start) : plain(messages, start);
                long recorded = System.nanoTime();
                Analysis analysis = Verifier.analyze(history, List.of());
                long verified = System.nanoTime();
                long retained = usedHeapAfterGc() - baseline;
                double seconds = (verified - start) / 1e9;
                long events = (long) messages * (consumers ? 4 : 3); // send, ack, live read (, group read)
                System.out.printf("%s, round %d: %,d messages, %d partitions: recorded and verified in %.2f s = "
                                + "%,.0f messages/s, %,.0f events/s (analysis alone %.0f ms); retained %.1f MB "
                                + "(%.2f bytes/message); lost %d, anomalies %d%n",
                        consumers ? "group and transactional probes on" : "producer and live consumer", round, messages,
                        PARTITIONS, seconds, messages / seconds, events / seconds, (verified - recorded) / 1e6,
                        retained / 1048576.0, (double) retained / messages, analysis.lostWrites(),
                        analysis.anomalies().size());
                if (history.partitionCount() != PARTITIONS || !analysis.anomalies().isEmpty()) {
                    throw new AssertionError("a clean history found anomalies: " + analysis.anomalies());
                }
            }
        }
    }

    private static History plain(int messages, long start) {
        History history = new History(UUID.randomUUID(), Instant.now(), start, new long[PARTITIONS], 20, 5_000);
        for (int i = 0; i < messages; i++) {
            int p = i % PARTITIONS;
            long atMs = i / 10_000;
            long seq = history.nextSequence(p, atMs);
            history.acked(p, seq, seq, atMs, 1_000);
            history.read(p, seq, seq, -1, atMs);
            history.inFinalLog(p, seq);
        }
        history.finalReadDone();
        history.producingEnded(messages / 10_000);
        return history;
    }

    /**
     * Transactions of 10 records round robin, each committed once its last record is sent; every
     * record then read live and processed by the member that owns its partition, which commits every
     * 1,000 records of a partition.
     */
    private static History withConsumers(int messages, long start) {
        History history = new History(UUID.randomUUID(), Instant.now(), start, new long[PARTITIONS], 20, 5_000,
                TRANSACTION_RECORDS);
        GroupMember[] members = new GroupMember[MEMBERS];
        for (int m = 0; m < MEMBERS; m++) {
            members[m] = history.groupMember(m);
            history.groupEvent(members[m], GroupEvent.Kind.ASSIGNED,
                    List.of(m, m + MEMBERS, m + 2 * MEMBERS, m + 3 * MEMBERS), 0);
        }
        for (int i = 0; i < messages; i += TRANSACTION_RECORDS) {
            long atMs = i / 10_000;
            int records = Math.min(TRANSACTION_RECORDS, messages - i);
            long txn = -1;
            for (int j = 0; j < records; j++) {
                int p = (i + j) % PARTITIONS;
                long seq = history.nextSequence(p, atMs);
                txn = j == 0 ? history.transactionOf(p, seq) : txn;
            }
            history.transactionCommitting(txn, atMs);
            for (int j = 0; j < records; j++) {
                int p = (i + j) % PARTITIONS;
                long seq = (i + j) / PARTITIONS;
                history.acked(p, seq, seq, atMs, 1_000);
            }
            history.transactionEnded(txn, Outcome.OK);
            for (int j = 0; j < records; j++) {
                int p = (i + j) % PARTITIONS;
                long seq = (i + j) / PARTITIONS;
                history.read(p, seq, seq, -1, atMs);
                GroupMember member = members[p % MEMBERS];
                history.groupProcessed(member, p, seq, seq, -1, atMs);
                if (seq % 1_000 == 999) {
                    history.groupCommitted(member, p, seq + 1, atMs);
                }
                history.inFinalLog(p, seq);
            }
        }
        history.finalReadDone();
        history.producingEnded(messages / 10_000);
        return history;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
