package dev.gameday.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The timeline of a run in progress is read (the warm-up check, GET /api/runs/{id}) while the
 * probes append to it: every read must be a consistent picture, never an exception.
 */
class LiveTimelineTest {

    static final int PARTITIONS = 4;
    static final int MESSAGES = 200_000;

    @Test
    void readersOnSeveralThreadsSeeTotalsThatNeverGoBackWhileTheProbesAppend() throws Exception {
        History history = new History(UUID.randomUUID(), Instant.EPOCH, 0, new long[PARTITIONS], 20, 5_000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        AtomicBoolean appending = new AtomicBoolean(true);
        try {
            Future<?> probes = threads.submit(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    int p = i % PARTITIONS;
                    long atMs = i / 2_000; // a new second every 8,000 messages: the timeline grows while it is read
                    long seq = history.nextSequence(p, atMs);
                    history.read(p, seq, seq, -1, atMs);
                }
                appending.set(false);
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(threads.submit(() -> readUntilDone(history, appending)));
            }
            probes.get(30, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(30, TimeUnit.SECONDS)).as("reads made while appending").isPositive();
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(history.timeline().stream().mapToLong(Timeline.Second::sent).sum()).isEqualTo(MESSAGES);
    }

    /** Reads the timeline over and over; returns how many reads it made. */
    private static int readUntilDone(History history, AtomicBoolean appending) {
        long lastSent = 0;
        long lastRead = 0;
        int reads = 0;
        do {
            List<Timeline.Second> timeline = history.timeline();
            long sent = 0;
            long read = 0;
            for (int s = 0; s < timeline.size(); s++) {
                Timeline.Second second = timeline.get(s);
                assertThat(second.second()).isEqualTo(s);
                // each partition is copied whole under its lock: a record is never read before it was sent
                assertThat(second.read()).isLessThanOrEqualTo(second.sent());
                sent += second.sent();
                read += second.read();
            }
            assertThat(sent).isGreaterThanOrEqualTo(lastSent);
            assertThat(read).isGreaterThanOrEqualTo(lastRead);
            lastSent = sent;
            lastRead = read;
            reads++;
        } while (appending.get());
        return reads;
    }
}
