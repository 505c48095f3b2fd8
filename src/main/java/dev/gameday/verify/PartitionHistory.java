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
    /** Processed by a member of the group probe. */
    private static final int GROUP_PROCESSED = 1 << 6;
    /** Copied downstream by the pipeline (MirrorMaker's copy of the probe topic). */
    private static final int IN_PIPELINE = 1 << 7;

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

    private final Counts counts = new Counts();
    private final AnomalyLog anomalies = new AnomalyLog();
    private final List<Window> ackGaps = new ArrayList<>();
    /** The live consumer's waits: each at least the stall threshold long is a consumer stall. */
    private final ReaderLag live;
    /** The group probe's waits, for its resume time. */
    private final ReaderLag group;
    /** Each time the group's committed offset moved forward. */
    private final CommitLog commits = new CommitLog();
    private final Timeline timeline = new Timeline();

    /** Null for a run without transactions. */
    private final Transactions transactions;

    PartitionHistory(int partition, long baseOffset, long startMs, long stallThresholdMs, long groupWaitThresholdMs,
                     Transactions transactions) {
        this.partition = partition;
        this.transactions = transactions;
        this.baseOffset = baseOffset;
        this.lastOkMs = startMs;
        this.live = new ReaderLag(stallThresholdMs);
        this.group = new ReaderLag(groupWaitThresholdMs);
    }

    /** What happened, apart from anomalies (those are in the partition's anomaly log). */
    static final class Counts {
        long sent, ok, failed, indeterminate, read, indeterminateRead;
        /** Records the group processed; of those, processed again before a commit had passed them (at-least-once). */
        long processed, reprocessed;
        /** Records of transactions the producer aborted on purpose. */
        long abortedOnPurpose;
        /** Records the pipeline copied downstream; of those, copied again (at least once). */
        long mirrored, mirroredAgain;

        Counts copy() {
            Counts copy = new Counts();
            copy.sent = sent;
            copy.ok = ok;
            copy.failed = failed;
            copy.indeterminate = indeterminate;
            copy.read = read;
            copy.indeterminateRead = indeterminateRead;
            copy.processed = processed;
            copy.reprocessed = reprocessed;
            copy.abortedOnPurpose = abortedOnPurpose;
            copy.mirrored = mirrored;
            copy.mirroredAgain = mirroredAgain;
            return copy;
        }
    }

    /**
     * What the checkers read of one partition, copied at one moment under its lock: a probe thread
     * still writing (one whose join at the end of probing gave up) changes the partition afterwards,
     * never the copy, so a run is judged on one consistent view of each partition.
     *
     * @param notMirrored acknowledged records not copied downstream; empty when no pipeline ran
     */
    record Snapshot(int partition, Counts counts, AnomalyLog anomalies, List<Window> ackGaps, List<Window> liveWaits,
                    List<Window> groupWaits, Absent absent, List<Skipped> skipped, List<long[]> notMirrored) {}

    synchronized Snapshot snapshot(boolean withPipeline) {
        return new Snapshot(partition, counts.copy(), anomalies.copy(), List.copyOf(ackGaps), List.copyOf(live.waits),
                List.copyOf(group.waits), absent(), skipped(), withPipeline ? notMirrored() : List.of());
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
        group.acked(offset, atMs);
    }

    /** A record of a transaction the producer aborted on purpose: certainly never committed, and no failure. */
    synchronized void abortedOnPurpose(long seq, long atMs) {
        setOutcome(seq, Outcome.FAIL);
        counts.abortedOnPurpose++;
        if ((flag(seq) & SEEN) != 0) {
            aborted(seq, atMs, AnomalyLog.NO_EPOCH);
        }
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
        readBeforeCommit(seq, offset, "the live consumer", leaderEpoch, atMs);
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

    /**
     * A member of the group processed a record of this run. Checked here, in O(1): its poll went back
     * or jumped since the partition was assigned to it (non-monotonic poll, poll skip), and the group
     * had it before and had committed past it since (redelivery).
     */
    synchronized void groupProcessed(GroupMember member, long seq, long offset, int leaderEpoch, long atMs) {
        boolean ours = seq >= 0 && seq < sent; // else the live consumer reports it as unexpected
        checkPoll(member, offset, ours ? seq : -1, leaderEpoch, atMs);
        group.read(offset, atMs);
        if (!ours) {
            return;
        }
        counts.processed++;
        readBeforeCommit(seq, offset, "group member " + member.id, leaderEpoch, atMs);
        int flag = flag(seq);
        if ((flag & GROUP_PROCESSED) == 0) {
            setFlag(seq, flag | GROUP_PROCESSED);
        } else if (offset < commits.highest()) {
            long committed = commits.highest();
            anomalies.note(AnomalyKind.REDELIVERY, atMs, leaderEpoch, () -> "seq " + seq + " at offset " + offset
                    + " delivered again, to member " + member.id + ", after the group had committed " + committed);
        } else {
            counts.reprocessed++;
        }
    }

    /** A member of the group was given a record that is not this run's: its poll moved on all the same. */
    synchronized void groupPassed(GroupMember member, long offset, long atMs) {
        checkPoll(member, offset, -1, AnomalyLog.NO_EPOCH, atMs);
        group.read(offset, atMs);
    }

    /**
     * A member's polls of this partition, since it was last assigned it: going back is non-monotonic;
     * jumping over a record it should have had is a poll skip. Without transactions every offset
     * holds a record, so any jump is one; with them, markers and aborted records sit between, so a
     * jump is one only over a record of a committed transaction (by sequence number).
     */
    private void checkPoll(GroupMember member, long offset, long seq, int leaderEpoch, long atMs) {
        long last = member.lastOffset[partition];
        long lastSeq = member.lastSeq[partition];
        if (last >= 0 && offset <= last) {
            anomalies.note(AnomalyKind.NON_MONOTONIC_POLL, atMs, leaderEpoch, () -> "member " + member.id
                    + " was given offset " + offset + " after offset " + last + ", with no rebalance in between");
        } else if (transactions == null && last >= 0 && offset > last + 1) {
            anomalies.note(AnomalyKind.POLL_SKIP, atMs, leaderEpoch, () -> "member " + member.id + " was given offset "
                    + offset + " right after offset " + last + ", with no rebalance in between: " + (last + 1)
                    + (offset - 1 > last + 1 ? "-" + (offset - 1) : "") + " never");
        } else if (transactions != null && lastSeq >= 0 && seq > lastSeq + 1) {
            for (long missed = lastSeq + 1; missed < seq; missed++) {
                Transactions.State state = transactions.state(transactions.of(partition, missed));
                if (state == Transactions.State.COMMITTED || state == Transactions.State.COMMITTING) {
                    long first = missed;
                    anomalies.note(AnomalyKind.POLL_SKIP, atMs, leaderEpoch, () -> "member " + member.id + " was given "
                            + "seq " + seq + " (offset " + offset + ") right after seq " + lastSeq + ", with no rebalance "
                            + "in between: seq " + first + " of a committed transaction never");
                    break;
                }
            }
        }
        member.lastOffset[partition] = Math.max(last, offset);
        if (seq >= 0) {
            member.lastSeq[partition] = Math.max(lastSeq, seq);
        }
    }

    /** A consumer reading committed records only had one whose transaction the producer had not yet asked to commit. */
    private void readBeforeCommit(long seq, long offset, String reader, int leaderEpoch, long atMs) {
        if (transactions != null && transactions.state(transactions.of(partition, seq)) == Transactions.State.OPEN) {
            anomalies.note(AnomalyKind.EARLY_READ, atMs, leaderEpoch, () -> "seq " + seq + " at offset " + offset
                    + " (transaction " + transactions.of(partition, seq) + ") read by " + reader
                    + " before its commit was called");
        }
    }

    /** The group committed {@code offset} (the next to consume), or a member found it committed when it started on the partition. */
    synchronized void groupCommitted(int member, long offset, long atMs) {
        commits.committed(offset, atMs, member);
    }

    /**
     * Records of this run in the log below the group's highest commit that no member ever processed:
     * skips, as sequence-number ranges with the offsets of their ends and the commit that passed them
     * first. The final read decides what was in the log when there was one; otherwise the live reads.
     */
    synchronized List<Skipped> skipped() {
        List<Skipped> skipped = new ArrayList<>();
        long highest = commits.highest();
        int present = finalReadDone ? IN_FINAL_LOG : SEEN;
        Skipped open = null;
        for (long seq = 0; seq < sent && highest >= 0; seq++) {
            int flag = flag(seq);
            boolean skip = (flag & present) != 0 && (flag & HAS_OFFSET) != 0 && (flag & GROUP_PROCESSED) == 0
                    && offsetOf(seq) < highest;
            if (skip && open != null && open.toSeq == seq - 1) {
                open = new Skipped(open.fromSeq, seq, open.fromOffset, offsetOf(seq), open.committed, open.committedAtMs,
                        open.committedBy);
                skipped.set(skipped.size() - 1, open);
            } else if (skip) {
                int first = commits.firstPast(offsetOf(seq));
                open = new Skipped(seq, seq, offsetOf(seq), offsetOf(seq), commits.offset(first), commits.atMs(first),
                        commits.member(first));
                skipped.add(open);
            }
        }
        return skipped;
    }

    /** Skipped sequence numbers from-to at offsets from-to, and the commit that passed them first: offset, when, by whom. */
    record Skipped(long fromSeq, long toSeq, long fromOffset, long toOffset, long committed, long committedAtMs,
                   int committedBy) {
        long count() {
            return toSeq - fromSeq + 1;
        }
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

    /**
     * A record of this run found downstream, in the pipeline's copy of the topic; a second copy of it
     * is a pipeline duplicate (Connect's at-least-once), counted apart from the log's own duplicates.
     */
    synchronized void mirrored(long seq, long atMs) {
        if (seq < 0 || seq >= sent) {
            return; // not sent by this run's producer: the copy of a foreign record, judged upstream
        }
        int flag = flag(seq);
        if ((flag & IN_PIPELINE) != 0) {
            counts.mirroredAgain++;
            anomalies.note(AnomalyKind.PIPELINE_DUPLICATE, atMs, AnomalyLog.NO_EPOCH,
                    () -> "seq " + seq + " copied downstream again");
            return;
        }
        setFlag(seq, flag | IN_PIPELINE);
        counts.mirrored++;
    }

    /** Acknowledged sequence numbers not (yet) copied downstream, as [from, to] ranges. */
    synchronized List<long[]> notMirrored() {
        Ranges missing = new Ranges();
        for (long seq = 0; seq < sent; seq++) {
            int flag = flag(seq);
            missing.note(seq, (flag & OUTCOME_MASK) == Outcome.OK.ordinal() && (flag & IN_PIPELINE) == 0);
        }
        return missing.end(sent);
    }

    /** Whether every acknowledged record has been copied downstream. */
    synchronized boolean allMirrored() {
        for (long seq = 0; seq < sent; seq++) {
            int flag = flag(seq);
            if ((flag & OUTCOME_MASK) == Outcome.OK.ordinal() && (flag & IN_PIPELINE) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Whether a record of this run is in the log: 1 it is, 0 it is not, -1 the final read never got to it. */
    synchronized int presence(long seq) {
        if (seq >= sent) {
            return 0;
        }
        int flag = flag(seq);
        if (!finalReadDone) {
            return (flag & SEEN) != 0 ? 1 : 0;
        }
        if ((flag & IN_FINAL_LOG) != 0) {
            return 1;
        }
        return (flag & HAS_OFFSET) != 0 && offsetOf(seq) >= finalReadReached ? -1 : 0;
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

    synchronized long processedCount() {
        return counts.processed;
    }

    synchronized long highestOkOffset() {
        return highestOkOffset;
    }

    private void inconsistent(long seq, long ackOffset, long readOffset, long atMs, int leaderEpoch) {
        anomalies.note(AnomalyKind.INCONSISTENT_OFFSET, atMs, leaderEpoch,
                () -> "seq " + seq + " acknowledged at offset " + ackOffset + ", read at offset " + readOffset);
    }

    private void aborted(long seq, long atMs, int leaderEpoch) {
        anomalies.note(AnomalyKind.ABORTED_READ, atMs, leaderEpoch, () -> transactions == null
                ? "seq " + seq + " was read although its send failed definitively"
                : "seq " + seq + " was read although its transaction (" + transactions.of(partition, seq)
                        + ") was aborted");
    }

    private int flag(long seq) {
        return flags.get((int) (seq >>> CHUNK_BITS))[(int) (seq & MASK)] & 0xFF;
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
