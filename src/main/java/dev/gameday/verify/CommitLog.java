package dev.gameday.verify;

import java.util.Arrays;

/**
 * When the group's committed offset of one partition moved forward: each new highest commit (one
 * the group made, or found on starting to consume the partition), with its time and member. A few
 * bytes per commit, amortized O(1); not thread-safe (the partition's lock guards it).
 */
final class CommitLog {

    private long[] offsets = new long[16];
    private long[] atMs = new long[16];
    private int[] members = new int[16];
    private int size;

    /** The highest committed offset so far, -1 when none. */
    long highest() {
        return size == 0 ? -1 : offsets[size - 1];
    }

    void committed(long offset, long at, int member) {
        if (offset <= highest()) {
            return;
        }
        if (size == offsets.length) {
            offsets = Arrays.copyOf(offsets, size * 2);
            atMs = Arrays.copyOf(atMs, size * 2);
            members = Arrays.copyOf(members, size * 2);
        }
        offsets[size] = offset;
        atMs[size] = at;
        members[size++] = member;
    }

    /** The first commit that passed {@code offset} (committed a higher one), or -1 when none did. */
    int firstPast(long offset) {
        int index = Arrays.binarySearch(offsets, 0, size, offset + 1);
        int first = index >= 0 ? index : -index - 1;
        return first < size ? first : -1;
    }

    long offset(int index) {
        return offsets[index];
    }

    long atMs(int index) {
        return atMs[index];
    }

    int member(int index) {
        return members[index];
    }
}
