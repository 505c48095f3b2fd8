package dev.gameday.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Who in the group owned which partition, replayed from the members' own rebalance events: the
 * ground for rebalance times that mean the same under both group protocols (the consumer protocol
 * has no group-wide barrier to wait for).
 */
final class GroupAssignment {

    private final List<GroupEvent> events;
    private final int partitions;

    /** @param events in time order */
    GroupAssignment(List<GroupEvent> events, int partitions) {
        this.events = events;
        this.partitions = partitions;
    }

    /**
     * When, within the span, ownership last changed (the span's start if it never did), and the
     * partitions no member owned after that: none when the group settled with every partition assigned.
     */
    record Settled(long atMs, List<Integer> unowned) {}

    Settled settledAfter(Window span) {
        int[] owner = new int[partitions];
        Arrays.fill(owner, -1);
        long lastChange = span.startMs();
        for (GroupEvent event : events) {
            if (event.atMs() >= span.endMs()) {
                break;
            }
            apply(owner, event);
            if (event.atMs() >= span.startMs()) {
                lastChange = event.atMs();
            }
        }
        List<Integer> unowned = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (owner[p] < 0) {
                unowned.add(p);
            }
        }
        return new Settled(lastChange, unowned);
    }

    private void apply(int[] owner, GroupEvent event) {
        switch (event.kind()) {
            case ASSIGNED -> event.partitions().stream().filter(p -> p < partitions).forEach(p -> owner[p] = event.member());
            case REVOKED, LOST -> event.partitions().stream()
                    .filter(p -> p < partitions && owner[p] == event.member()).forEach(p -> owner[p] = -1);
            case CRASHED, LEFT -> {
                for (int p = 0; p < partitions; p++) {
                    if (owner[p] == event.member()) {
                        owner[p] = -1;
                    }
                }
            }
        }
    }
}
