package dev.gameday.probe;

import dev.gameday.lab.Lab;
import dev.gameday.verify.History;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The probe producer at full speed against the lab, next to Kafka's own ProducerPerformance with
 * the same record size, acks=all and producer defaults, alternating, in the same run.
 * Run: bench/run.sh producer [records] [recordBytes]
 */
public final class ProducerProbeBench {

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec .*?"
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int recordBytes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        // both as the gameday principal over SASL_SSL: the same client, security and all
        Lab lab = Lab.get();
        String topic = "gameday-bench-producer-" + System.nanoTime();
        try (Admin admin = Admin.create(lab.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 6, (short) 3))).all().get();
        }
        // warm up the brokers (page cache, JIT) and both clients before anything is counted
        producerPerformance(lab, topic, records, recordBytes);
        probe(lab, topic, records, recordBytes);
        List<Double> theirs = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            // alternate who goes first: the lab keeps warming up, and neither should always profit
            if (round % 2 == 0) {
                theirs.add(producerPerformance(lab, topic, records, recordBytes));
                ours.add(probe(lab, topic, records, recordBytes));
            } else {
                ours.add(probe(lab, topic, records, recordBytes));
                theirs.add(producerPerformance(lab, topic, records, recordBytes));
            }
            ratios.add(ours.get(round) / theirs.get(round));
            System.out.printf("round %d: ProducerPerformance %.0f msg/s, probe producer %.0f msg/s%n", round + 1,
                    theirs.get(round), ours.get(round));
        }
        double t = Stats.median(theirs);
        double o = Stats.median(ours);
        System.out.printf("%nProducer throughput at full speed, acks=all, %d-byte records, %d records per run, "
                + "5 rounds after a warm-up, medians:%n  ProducerPerformance %.0f msg/s%n  probe producer      %.0f msg/s"
                + "%n  ratio probe/ProducerPerformance, median of the per-round ratios: %.2f (rounds: %s)%n", recordBytes,
                records, t, o, Stats.median(ratios), ratios.stream().map(r -> String.format("%.2f", r)).toList());
        System.exit(0);
    }

    private static double producerPerformance(Lab lab, String topic, int records, int recordBytes) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ProducerPerformance.main(new String[] {"--topic", topic, "--num-records", String.valueOf(records),
                    "--record-size", String.valueOf(recordBytes), "--throughput", "-1", "--producer-props", "acks=all",
                    "--producer.config", clientFile(lab.gamedayConfig()).toString()});
        } finally {
            System.setOut(original);
        }
        Matcher m = SUMMARY.matcher(captured.toString(StandardCharsets.UTF_8));
        String last = null;
        while (m.find()) {
            last = m.group(2);
        }
        if (last == null) {
            throw new IllegalStateException("no summary in ProducerPerformance's output:\n" + captured);
        }
        return Double.parseDouble(last);
    }

    /** The probe's own producer, sending with its bookkeeping, until {@code records} are acknowledged. */
    private static double probe(Lab lab, String topic, int records, int recordBytes) throws InterruptedException {
        return SecurityCostBench.probe(lab.gamedayConfig(), topic, records, recordBytes);
    }

    /** ProducerPerformance reads the client settings (SASL_SSL, the trust store) from a file. */
    private static java.nio.file.Path clientFile(Map<String, Object> config) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("producer", ".properties");
        java.util.Properties properties = new java.util.Properties();
        config.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            properties.store(out, "ProducerPerformance as the gameday principal");
        }
        return file;
    }

    private static final class Stats {
        static double median(List<Double> values) {
            List<Double> sorted = values.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }
}
