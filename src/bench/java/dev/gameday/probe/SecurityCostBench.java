package dev.gameday.probe;

import dev.gameday.lab.Lab;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What security costs, as a number: the probe producer at full speed (acks=all, 100-byte records)
 * against the secured lab (SASL_SSL, SCRAM-SHA-512, mTLS replication, ACLs) and against the same lab
 * with PLAINTEXT listeners and no authorizer, alternating, in the same run. Run: bench/run.sh security
 */
public final class SecurityCostBench {

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        Lab secured = Lab.get();
        Lab plaintext = Lab.plaintextForBenchmarks();
        String topic = "gameday-bench-security-" + System.nanoTime();
        create(secured.adminConfig(), topic);
        create(plaintext.plaintextConfig(), topic);
        probe(secured.gamedayConfig(), topic, records / 5); // warm-up, both
        probe(plaintext.plaintextConfig(), topic, records / 5);

        List<Double> sasl = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            boolean saslFirst = round % 2 == 0;
            if (saslFirst) {
                sasl.add(probe(secured.gamedayConfig(), topic, records));
            }
            plain.add(probe(plaintext.plaintextConfig(), topic, records));
            if (!saslFirst) {
                sasl.add(probe(secured.gamedayConfig(), topic, records));
            }
            System.out.printf("round %d: SASL_SSL %.0f msg/s, PLAINTEXT %.0f msg/s, ratio %.2f%n", round + 1,
                    sasl.get(round), plain.get(round), sasl.get(round) / plain.get(round));
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < sasl.size(); i++) {
            ratios.add(sasl.get(i) / plain.get(i));
        }
        System.out.printf("%nProbe producer at full speed, acks=all, 100-byte records, %d records per run, 5 rounds:%n"
                        + "  SASL_SSL  (median) %.0f msg/s%n  PLAINTEXT (median) %.0f msg/s%n"
                        + "  SASL_SSL / PLAINTEXT, median of the per-round ratios: %.2f (rounds: %s)%n",
                records, median(sasl), median(plain), median(ratios),
                ratios.stream().map(r -> String.format("%.2f", r)).toList());
        System.exit(0);
    }

    private static void create(Map<String, Object> admin, String topic) throws Exception {
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(topic, 6, (short) 3))).all().get();
        }
    }

    static double probe(Map<String, Object> client, String topic, int records) throws InterruptedException {
        return probe(client, topic, records, 100);
    }

    /** The probe's producer until {@code records} are acknowledged; returns messages per second. */
    static double probe(Map<String, Object> client, String topic, int records, int recordBytes)
            throws InterruptedException {
        return ProbeLoad.run(client, topic, 6, 0, recordBytes, records).perSecond();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
