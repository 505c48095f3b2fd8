package dev.gameday.verify;

import java.util.Arrays;

/**
 * One member of the group probe as the history follows it: where its polls of each partition got
 * to since the partition was last assigned to it, to see a poll go back or jump. Made by
 * {@link History#groupMember}, used by that member's thread only.
 */
public final class GroupMember {

    final int id;
    /** Per partition, the offset of the last record this member was given, -1 since an assignment. */
    final long[] lastOffset;
    /** Per partition, the sequence number of the last record of this run it was given, -1 since an assignment. */
    final long[] lastSeq;

    GroupMember(int id, int partitions) {
        this.id = id;
        this.lastOffset = new long[partitions];
        this.lastSeq = new long[partitions];
        Arrays.fill(lastOffset, -1);
        Arrays.fill(lastSeq, -1);
    }

    public int id() {
        return id;
    }

    /** The member's polls of the partition start afresh: a rebalance moved it, its position may move. */
    void reset(int partition) {
        lastOffset[partition] = -1;
        lastSeq[partition] = -1;
    }
}
