package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-second counts of what the probes did: four ints per second. Each partition keeps its own
 * (under its own lock); {@link #merge} adds them up for the run's timeline.
 */
public final class Timeline {

    /** One second of the run. */
    public record Second(int second, int sent, int acked, int failed, int read) {}

    static final int SENT = 0;
    static final int ACKED = 1;
    static final int FAILED = 2;
    static final int READ = 3;

    private final List<int[]> seconds = new ArrayList<>();

    /** Not thread-safe: the owner's lock guards it. */
    void count(long atMs, int kind) {
        int second = (int) Math.max(0, atMs / 1000);
        while (seconds.size() <= second) {
            seconds.add(new int[4]);
        }
        seconds.get(second)[kind]++;
    }

    /** Made by the owner under its lock, so that it can be merged while counting goes on. */
    Timeline copy() {
        Timeline copy = new Timeline();
        seconds.forEach(second -> copy.seconds.add(second.clone()));
        return copy;
    }

    static List<Second> merge(List<Timeline> timelines) {
        int length = timelines.stream().mapToInt(t -> t.seconds.size()).max().orElse(0);
        List<Second> out = new ArrayList<>(length);
        for (int s = 0; s < length; s++) {
            int[] sum = new int[4];
            for (Timeline timeline : timelines) {
                if (s < timeline.seconds.size()) {
                    int[] c = timeline.seconds.get(s);
                    for (int k = 0; k < 4; k++) {
                        sum[k] += c[k];
                    }
                }
            }
            out.add(new Second(s, sum[SENT], sum[ACKED], sum[FAILED], sum[READ]));
        }
        return out;
    }
}
