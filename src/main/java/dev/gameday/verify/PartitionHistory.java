package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one partition's probes saw, in a few bytes per message and O(1) per event: for each
 * sequence number a flag byte and one offset, in fixed-size chunks (no copying as it grows, at most
 * one chunk of slack). Anomalies are counted as events arrive; a few examples of each are kept.
 */
final class PartitionHistory {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    // flag byte layout
    private static final int OUTCOME_MASK = 0b11;
    private static final int SEEN = 1 << 2;
    private static final int HAS_OFFSET = 1 << 3;
    private static final int OFFSET_FROM_READ = 1 << 4;
    /** Present in the final read of the log after the run. */
    private static final int IN_FINAL_LOG = 1 << 5;

    private static final Outcome[] OUTCOMES = Outcome.values();

    final int partition;
    private final long baseOffset;
    private final List<byte[]> flags = new ArrayList<>();
    private final List<int[]> offsets = new ArrayList<>();
    private long sent;

    // the read stream, in offset order
    private long maxSequenceRead = -1;
    private long highestOkOffset = -1;
    private boolean finalReadDone;
    /** Where the final read stopped when it gave up before the end; MAX_VALUE when it reached the end. */
    private long finalReadReached = Long.MAX_VALUE;

    // the ack stream
    private long lastOkMs;

    final Counts counts = new Counts();
    final AnomalyLog anomalies = new AnomalyLog();
    final List<Window> ackGaps = new ArrayList<>();
    /** The live consumer's waits: each at least the stall threshold long is a consumer stall. */
    final ReaderLag live;
    private final Timeline timeline = new Timeline();

    PartitionHistory(int partition, long baseOffset, long startMs, long stallThresholdMs) {
        this.partition = partition;
        this.baseOffset = baseOffset;
        this.lastOkMs = startMs;
        this.live = new ReaderLag(stallThresholdMs);
    }

    /** What happened, apart from anomalies (those are in {@link #anomalies}). */
    static final class Counts {
        long sent, ok, failed, indeterminate, read, indeterminateRead;
    }

    /** The next sequence number; the send is PENDING until {@link #acked} or {@link #failed}. */
    synchronized long nextSequence(long atMs) {
        timeline.count(atMs, Timeline.SENT);
        long seq = sent++;
        if ((seq & MASK) == 0) {
            flags.add(new byte[CHUNK]);
            offsets.add(new int[CHUNK]);
        }
        counts.sent++;
        return seq;
    }

    synchronized void acked(long seq, long offset, long atMs, long latencyMicros, long gapThresholdMs) {
        timeline.acked(atMs, latencyMicros);
        setOutcome(seq, Outcome.OK);
        counts.ok++;
        if (atMs - lastOkMs >= gapThresholdMs) {
            ackGaps.add(new Window(lastOkMs, atMs));
        }
        lastOkMs = Math.max(lastOkMs, atMs);
        int flag = flag(seq);
        if ((flag & HAS_OFFSET) != 0) {
            if ((flag & OFFSET_FROM_READ) != 0 && offsetOf(seq) != offset) {
                inconsistent(seq, offset, offsetOf(seq), atMs, AnomalyLog.NO_EPOCH);
            }
        } else {
            setOffset(seq, offset, false);
        }
        highestOkOffset = Math.max(highestOkOffset, offset);
        live.acked(offset, atMs);
    }

    synchronized void failed(long seq, boolean definite, long atMs) {
        timeline.count(atMs, Timeline.FAILED);
        setOutcome(seq, definite ? Outcome.FAIL : Outcome.INDETERMINATE);
        if (definite) {
            counts.failed++;
        } else {
            counts.indeterminate++;
        }
        if ((flag(seq) & SEEN) != 0) {
            if (definite) {
                aborted(seq, atMs, AnomalyLog.NO_EPOCH);
            } else {
                counts.indeterminateRead++;
            }
        }
    }

    /**
     * A record of this run read at {@code offset}; records arrive in offset order.
     *
     * @param leaderEpoch the leader epoch the record carried, -1 when unknown
     */
    synchronized void read(long seq, long offset, int leaderEpoch, long atMs) {
        counts.read++;
        timeline.count(atMs, Timeline.READ);
        live.read(offset, atMs);
        if (seq < 0 || seq >= sent) {
            unexpected(offset, atMs, leaderEpoch, "sequence " + seq + " was never sent");
            return;
        }
        int flag = flag(seq);
        if ((flag & SEEN) != 0) {
            // once read, the slot holds the offset of the latest copy read
            if (offsetOf(seq) != offset) {
                long first = offsetOf(seq);
                anomalies.note(AnomalyKind.DUPLICATE, atMs, leaderEpoch,
                        () -> "seq " + seq + " read again at offset " + offset + " (first at " + first + ")");
                setOffset(seq, offset, true);
            } // else: the same record fetched again (the consumer went back), not a second copy
            return;
        }
        setFlag(seq, flag | SEEN);
        if (seq < maxSequenceRead) {
            long after = maxSequenceRead;
            anomalies.note(AnomalyKind.REORDER, atMs, leaderEpoch,
                    () -> "seq " + seq + " at offset " + offset + " after seq " + after);
        }
        maxSequenceRead = Math.max(maxSequenceRead, seq);
        Outcome outcome = outcomeOf(seq);
        switch (outcome) {
            case FAIL -> aborted(seq, atMs, leaderEpoch);
            case INDETERMINATE -> counts.indeterminateRead++;
            case OK -> {
                if (offsetOf(seq) != offset) {
                    inconsistent(seq, offsetOf(seq), offset, atMs, leaderEpoch);
                }
            }
            default -> { }
        }
        setOffset(seq, offset, true);
    }

    /** A record in the topic that this run did not write. */
    synchronized void unexpected(long offset, int leaderEpoch, long atMs, String why) {
        counts.read++;
        timeline.count(atMs, Timeline.READ);
        live.read(offset, atMs);
        unexpected(offset, atMs, leaderEpoch, why);
    }

    private void unexpected(long offset, long atMs, int leaderEpoch, String why) {
        anomalies.note(AnomalyKind.UNEXPECTED, atMs, leaderEpoch, () -> "offset " + offset + " (" + why + ")");
    }

    /** Ends the ack stream: a gap still open when producing stopped is a gap too. */
    synchronized void producingEnded(long atMs, long gapThresholdMs) {
        if (counts.sent > 0 && atMs - lastOkMs >= gapThresholdMs) {
            ackGaps.add(new Window(lastOkMs, atMs));
        }
    }

    /**
     * A record of this run found by the final read of the log, after the run. That read, not the
     * live one, decides what was lost: a record read live and truncated afterwards is lost too.
     */
    synchronized void inFinalLog(long seq) {
        if (seq >= 0 && seq < sent) {
            setFlag(seq, flag(seq) | IN_FINAL_LOG);
        }
    }

    synchronized void finalReadDone() {
        finalReadDone = true;
    }

    /** The final read gave up before the end of this partition: it read every offset below {@code reached}, no more. */
    synchronized void finalReadStoppedAt(long reached) {
        finalReadReached = reached;
    }

    /** Acknowledged sequence numbers the log does not have, as ranges "1200-1340": lost, and unseen apart. */
    record Absent(List<long[]> lost, List<long[]> unseen) {}

    /**
     * Acknowledged sequence numbers missing from the log. The final read decides when there was one:
     * one it passed the offset of without finding it is lost (so is one above the end of the log, if
     * the read got there); one at or beyond where it gave up is unseen. Without a final read (a
     * history cut short) the live reads decide, and every one missing is lost.
     */
    synchronized Absent absent() {
        Ranges lost = new Ranges();
        Ranges unseen = new Ranges();
        int present = finalReadDone ? IN_FINAL_LOG : SEEN;
        for (long seq = 0; seq < sent; seq++) {
            int flag = flag(seq);
            boolean missing = (flag & OUTCOME_MASK) == Outcome.OK.ordinal() && (flag & present) == 0;
            boolean notReached = missing && finalReadDone && offsetOf(seq) >= finalReadReached;
            lost.note(seq, missing && !notReached);
            unseen.note(seq, notReached);
        }
        return new Absent(lost.end(sent), unseen.end(sent));
    }

    /** Consecutive sequence numbers for which something holds, as [from, to] ranges. */
    private static final class Ranges {
        final List<long[]> ranges = new ArrayList<>();
        long from = -1;

        void note(long seq, boolean holds) {
            if (holds && from < 0) {
                from = seq;
            } else if (!holds && from >= 0) {
                ranges.add(new long[] {from, seq - 1});
                from = -1;
            }
        }

        List<long[]> end(long sent) {
            if (from >= 0) {
                ranges.add(new long[] {from, sent - 1});
            }
            return ranges;
        }
    }

    /**
     * A copy taken under the lock: a live run's timeline is read (the warm-up check, the API) while
     * the probes go on counting. The copy costs the reader, never the producer's O(1) path.
     */
    synchronized Timeline timeline() {
        return timeline.copy();
    }

    synchronized long highestOkOffset() {
        return highestOkOffset;
    }

    private void inconsistent(long seq, long ackOffset, long readOffset, long atMs, int leaderEpoch) {
        anomalies.note(AnomalyKind.INCONSISTENT_OFFSET, atMs, leaderEpoch,
                () -> "seq " + seq + " acknowledged at offset " + ackOffset + ", read at offset " + readOffset);
    }

    private void aborted(long seq, long atMs, int leaderEpoch) {
        anomalies.note(AnomalyKind.ABORTED_READ, atMs, leaderEpoch,
                () -> "seq " + seq + " was read although its send failed definitively");
    }

    private int flag(long seq) {
        return flags.get((int) (seq >>> CHUNK_BITS))[(int) (seq & MASK)];
    }

    private void setFlag(long seq, int value) {
        flags.get((int) (seq >>> CHUNK_BITS))[(int) (seq & MASK)] = (byte) value;
    }

    private Outcome outcomeOf(long seq) {
        return OUTCOMES[flag(seq) & OUTCOME_MASK];
    }

    private void setOutcome(long seq, Outcome outcome) {
        setFlag(seq, (flag(seq) & ~OUTCOME_MASK) | outcome.ordinal());
    }

    private long offsetOf(long seq) {
        return baseOffset + (offsets.get((int) (seq >>> CHUNK_BITS))[(int) (seq & MASK)] & 0xFFFFFFFFL);
    }

    private void setOffset(long seq, long offset, boolean fromRead) {
        offsets.get((int) (seq >>> CHUNK_BITS))[(int) (seq & MASK)] = (int) (offset - baseOffset);
        setFlag(seq, flag(seq) | HAS_OFFSET | (fromRead ? OFFSET_FROM_READ : 0));
    }
}
