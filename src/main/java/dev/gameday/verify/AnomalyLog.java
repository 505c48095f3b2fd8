package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The anomalies one partition's events showed, as they arrived: a count per kind and the first few
 * examples of each, every one with when it happened and, where the record said, its leader epoch.
 * O(1) per event; an example's text is only made while there is room for it. Not thread-safe: the
 * partition's lock guards it.
 */
final class AnomalyLog {

    static final int EXAMPLES = 20;
    static final int NO_EPOCH = -1;
    private static final AnomalyKind[] KINDS = AnomalyKind.values();

    /** What an example says, when (ms since the run's start, -1 unknown), and the leader epoch of its record (-1 unknown). */
    record Example(String what, long atMs, int leaderEpoch) {}

    private final long[] counts = new long[KINDS.length];
    @SuppressWarnings("unchecked")
    private final List<Example>[] examples = new List[KINDS.length];

    void note(AnomalyKind kind, long atMs, int leaderEpoch, Supplier<String> what) {
        counts[kind.ordinal()]++;
        List<Example> list = examples[kind.ordinal()];
        if (list == null) {
            list = examples[kind.ordinal()] = new ArrayList<>(4);
        }
        if (list.size() < EXAMPLES) {
            list.add(new Example(what.get(), atMs, leaderEpoch));
        }
    }

    /** A copy, as it is now: what a checker reads while the probes may still be writing to this one. */
    AnomalyLog copy() {
        AnomalyLog copy = new AnomalyLog();
        System.arraycopy(counts, 0, copy.counts, 0, counts.length);
        for (int k = 0; k < examples.length; k++) {
            copy.examples[k] = examples[k] == null ? null : new ArrayList<>(examples[k]);
        }
        return copy;
    }

    long count(AnomalyKind kind) {
        return counts[kind.ordinal()];
    }

    List<Example> examples(AnomalyKind kind) {
        List<Example> list = examples[kind.ordinal()];
        return list == null ? List.of() : List.copyOf(list);
    }
}
