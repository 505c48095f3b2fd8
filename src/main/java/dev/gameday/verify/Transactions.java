package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * The transactions of a run's transactional producer, a byte and an int each (a few tenths of a
 * byte per record). The producer sends round robin over the partitions and every transaction has
 * the same number of records, so a record's transaction follows from its partition and sequence
 * number: send i goes to partition i mod P with sequence number i div P, and belongs to transaction
 * i div K. Thread-safe: the producer writes, the consumers read.
 */
final class Transactions {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    /** Where a transaction is; OPEN until the producer calls commitTransaction() or gives it up. */
    enum State { OPEN, COMMITTING, COMMITTED, ABORTED, UNKNOWN }

    private static final State[] STATES = State.values();

    final int partitions;
    final int records;
    private final List<byte[]> states = new ArrayList<>();
    /** When commitTransaction() was called, ms since the run's start. */
    private final List<int[]> committingAtMs = new ArrayList<>();
    private long count;

    Transactions(int partitions, int records) {
        this.partitions = partitions;
        this.records = records;
    }

    long of(int partition, long seq) {
        return (seq * partitions + partition) / records;
    }

    /** The partition and sequence number of the {@code j}-th record of a transaction. */
    int partitionOf(long txn, int j) {
        return (int) ((txn * records + j) % partitions);
    }

    long seqOf(long txn, int j) {
        return (txn * records + j) / partitions;
    }

    synchronized long count() {
        return count;
    }

    synchronized State state(long txn) {
        return txn < count ? STATES[states.get((int) (txn >>> CHUNK_BITS))[(int) (txn & MASK)]] : State.OPEN;
    }

    synchronized long committingAtMs(long txn) {
        return committingAtMs.get((int) (txn >>> CHUNK_BITS))[(int) (txn & MASK)];
    }

    synchronized void set(long txn, State state, long atMs) {
        while (count <= txn) {
            if ((count & MASK) == 0) {
                states.add(new byte[CHUNK]);
                committingAtMs.add(new int[CHUNK]);
            }
            count++;
        }
        states.get((int) (txn >>> CHUNK_BITS))[(int) (txn & MASK)] = (byte) state.ordinal();
        if (state == State.COMMITTING) {
            committingAtMs.get((int) (txn >>> CHUNK_BITS))[(int) (txn & MASK)] = (int) atMs;
        }
    }
}
