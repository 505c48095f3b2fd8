package dev.gameday.probe;

import dev.gameday.time.Retry;
import dev.gameday.verify.History;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.awaitility.Awaitility;

/** The gameday probe producer as a load generator, for the load-test harness (dev.gameday.bench.LoadBench). */
public final class ProbeLoad {

    /** Acknowledged messages per second and the send-to-ack latency in milliseconds. */
    public record Result(double perSecond, double p50Ms, double p99Ms, double p999Ms) {}

    private ProbeLoad() {}

    /**
     * Sends {@code records} messages of {@code recordBytes} to {@code partitions} partitions, at
     * {@code ratePerSecond} (0: as fast as the acks allow), acks=all, and waits for every answer.
     */
    public static Result run(Map<String, Object> client, String topic, int partitions, int ratePerSecond,
                             int recordBytes, long records) throws InterruptedException {
        ProbeSettings settings = new ProbeSettings(topic, partitions, ratePerSecond, recordBytes, "all", null, null,
                Duration.ofSeconds(60), null, null, null, null, null, null, null, null, null, null);
        History history = new History(UUID.randomUUID(), Instant.now(), System.nanoTime(), new long[partitions], 20,
                5_000);
        ProducerProbe producer = new ProducerProbe(client, settings, history, ProbeListener.NONE, Retry.SYSTEM);
        long start = System.nanoTime();
        producer.start();
        Awaitility.await(records + " acknowledged").atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> history.timeline().stream().mapToLong(s -> s.acked()).sum() >= records);
        double seconds = (System.nanoTime() - start) / 1e9;
        producer.stop();
        Histogram latency = producer.latencyMicros();
        return new Result(records / seconds, latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0);
    }
}
