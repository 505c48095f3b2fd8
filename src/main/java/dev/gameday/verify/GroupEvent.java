package dev.gameday.verify;

import java.util.List;

/**
 * A change to who in the group probe owns which partitions, as the members' own rebalance listeners
 * told it (so that it means the same under the classic and the consumer protocol), or a member
 * ending. Times are milliseconds since the run's start.
 */
public record GroupEvent(long atMs, int member, Kind kind, List<Integer> partitions) {

    public enum Kind {
        /** Partitions given to the member. */
        ASSIGNED,
        /** Partitions the member gave up in a rebalance, after committing what it had processed. */
        REVOKED,
        /** Partitions the member lost without being able to commit (its membership was fenced). */
        LOST,
        /** The member crashed: it owns nothing from now on, and nobody was told. */
        CRASHED,
        /** The member left the group when the probe stopped. */
        LEFT
    }
}
