package dev.gameday.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-second counts of what the probes did, and the ack latency of each second: six longs per
 * second. Each partition keeps its own (under its own lock); {@link #merge} adds them up for the
 * run's timeline.
 */
public final class Timeline {

    /**
     * One second of the run, counted from when the probes started.
     *
     * @param ackLatencyMeanMicros mean ack latency of the sends acknowledged in this second; 0 without any
     * @param ackLatencyMaxMicros  the longest of them
     */
    public record Second(int second, int sent, int acked, int failed, int read, long ackLatencyMeanMicros,
                         long ackLatencyMaxMicros) {}

    static final int SENT = 0;
    static final int ACKED = 1;
    static final int FAILED = 2;
    static final int READ = 3;
    private static final int LATENCY_SUM = 4;
    private static final int LATENCY_MAX = 5;

    private final List<long[]> seconds = new ArrayList<>();

    /** Not thread-safe: the owner's lock guards it. */
    void count(long atMs, int kind) {
        at(atMs)[kind]++;
    }

    /** An acknowledgement and how long it took. */
    void acked(long atMs, long latencyMicros) {
        long[] second = at(atMs);
        second[ACKED]++;
        second[LATENCY_SUM] += latencyMicros;
        second[LATENCY_MAX] = Math.max(second[LATENCY_MAX], latencyMicros);
    }

    private long[] at(long atMs) {
        int second = (int) Math.max(0, atMs / 1000);
        while (seconds.size() <= second) {
            seconds.add(new long[6]);
        }
        return seconds.get(second);
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
            long[] sum = new long[6];
            for (Timeline timeline : timelines) {
                if (s < timeline.seconds.size()) {
                    long[] c = timeline.seconds.get(s);
                    for (int k = 0; k < LATENCY_MAX; k++) {
                        sum[k] += c[k];
                    }
                    sum[LATENCY_MAX] = Math.max(sum[LATENCY_MAX], c[LATENCY_MAX]);
                }
            }
            out.add(new Second(s, (int) sum[SENT], (int) sum[ACKED], (int) sum[FAILED], (int) sum[READ],
                    sum[ACKED] == 0 ? 0 : sum[LATENCY_SUM] / sum[ACKED], sum[LATENCY_MAX]));
        }
        return out;
    }
}
