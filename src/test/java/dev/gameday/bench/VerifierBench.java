package dev.gameday.bench;

import dev.gameday.verify.Analysis;
import dev.gameday.verify.History;
import dev.gameday.verify.Verifier;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Records and verifies a synthetic history of 10 million messages over 12 partitions: every
 * message sent, acknowledged, read live and found by the final read, then the whole analysis.
 * Prints messages per second and the heap the history retains. Run: bench/run.sh verifier
 */
public final class VerifierBench {

    public static void main(String[] args) {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
        int partitions = 12;
        for (int round = 1; round <= 3; round++) {
            long baseline = usedHeapAfterGc();
            long start = System.nanoTime();
            History history = new History(UUID.randomUUID(), Instant.now(), start, new long[partitions], 20, 5_000);
            for (int i = 0; i < messages; i++) {
                int p = i % partitions;
                long atMs = i / 10_000;
                long seq = history.nextSequence(p, atMs);
                history.acked(p, seq, seq, atMs, 1_000);
                history.read(p, seq, seq, -1, atMs);
                history.inFinalLog(p, seq);
            }
            history.finalReadDone();
            history.producingEnded(messages / 10_000);
            long recorded = System.nanoTime();
            Analysis analysis = Verifier.analyze(history, List.of());
            long verified = System.nanoTime();
            long retained = usedHeapAfterGc() - baseline;
            double seconds = (verified - start) / 1e9;
            System.out.printf("round %d: %,d messages, %d partitions: recorded and verified in %.2f s = %,.0f messages/s "
                            + "(analysis alone %.0f ms); retained %.1f MB (%.2f bytes/message); lost %d, anomalies %d%n",
                    round, messages, partitions, seconds, messages / seconds, (verified - recorded) / 1e6,
                    retained / 1048576.0, (double) retained / messages, analysis.lostWrites(), analysis.anomalies().size());
            if (history.partitionCount() != partitions) {
                throw new AssertionError("history lost its partitions"); // keeps the history reachable until here
            }
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
