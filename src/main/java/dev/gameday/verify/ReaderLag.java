package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * How a reader of one partition (the live consumer, or the group) trails what was acknowledged: the
 * stretches, at least {@code thresholdMs} long, in which acknowledged data waited and the reader made
 * no progress. O(1) per event; not thread-safe (the partition's lock guards it).
 */
final class ReaderLag {

    private final long thresholdMs;
    private long highestAcked = -1;
    private long highestRead = -1;
    private long waitingSinceMs = -1;
    private long lastReadMs = -1;
    final List<Window> waits = new ArrayList<>();

    ReaderLag(long thresholdMs) {
        this.thresholdMs = thresholdMs;
    }

    void acked(long offset, long atMs) {
        if (offset > highestAcked) {
            highestAcked = offset;
            if (offset > highestRead && waitingSinceMs < 0) {
                waitingSinceMs = atMs;
            }
        }
    }

    /** The reader got to {@code offset}: a wait that ends here is kept if it was long enough. */
    void read(long offset, long atMs) {
        if (waitingSinceMs >= 0) {
            long waitedFrom = Math.max(waitingSinceMs, lastReadMs);
            if (atMs - waitedFrom >= thresholdMs) {
                waits.add(new Window(waitedFrom, atMs));
            }
        }
        lastReadMs = atMs;
        highestRead = Math.max(highestRead, offset);
        waitingSinceMs = highestAcked > highestRead ? atMs : -1;
    }
}
