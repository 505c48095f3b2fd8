package dev.gameday.bench;

import dev.gameday.lab.Lab;
import dev.gameday.probe.ProbeLoad;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * The load-test harness: drives a lab of its own (compose project gdbench, the lab's production
 * settings and 1 GiB heaps) with Kafka's ProducerPerformance and ConsumerPerformance and with the
 * gameday probe, at saturation and at a fixed rate, for several record sizes and partition counts,
 * under a ladder of configurations from stock to tuned, all with the same durability (acks=all,
 * RF 3, min.insync.replicas 2). Each change of the ladder is measured on its own; rounds alternate
 * the ladder's order so that a lab warming up favours no step.
 * Prints every figure and the tuned/stock ratios; writes target/bench/load-*.csv and .json.
 * Run: bench/run.sh load [rounds] [scale]
 */
public final class LoadBench {

    /** One rung of the ladder: producer settings and dynamic broker settings, each on top of the last. */
    record Variant(String name, String why, Map<String, String> producer, Map<String, String> brokers) {}

    /** What is sent: record size, partitions, a rate (-1: saturation) and how many records. */
    record Workload(String name, int recordBytes, int partitions, int rate, long records) {}

    /** One measurement. */
    record Row(int round, String variant, String tool, String workload, long records, double perSecond, double mbPerSecond,
               double p50Ms, double p99Ms, double p999Ms, long errors) {}

    static final String TUNED = "+batching";

    static final Map<String, String> BROKER_STOCK = Map.of("num.replica.fetchers", "1", "num.io.threads", "8",
            "num.network.threads", "3");

    /**
     * The ladder. "+batching" is what the measurements kept ({@link #TUNED}); "+lz4" and "+fetchers"
     * were measured on top of it and not kept (README, "Load and tuning").
     */
    static final List<Variant> LADDER = List.of(
            new Variant("stock", "Kafka 4.1 defaults: batch.size 16384, linger.ms 5, no compression, 1 replica fetcher",
                    Map.of(), BROKER_STOCK),
            new Variant("+batching", "batch.size 131072, linger.ms 10: fewer, fuller produce requests",
                    Map.of("batch.size", "131072", "linger.ms", "10"), BROKER_STOCK),
            new Variant("+lz4", "compression.type lz4: fewer bytes on the wire, through replication and on disk",
                    Map.of("batch.size", "131072", "linger.ms", "10", "compression.type", "lz4"), BROKER_STOCK),
            new Variant("+fetchers", "num.replica.fetchers 2: followers fetch from each leader on two connections",
                    Map.of("batch.size", "131072", "linger.ms", "10", "compression.type", "lz4"),
                    Map.of("num.replica.fetchers", "2", "num.io.threads", "8", "num.network.threads", "3")));

    private static final Pattern PRODUCER_SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec "
            + "\\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, "
            + "(\\d+) ms 99th, (\\d+) ms 99.9th");

    private final Lab lab;
    private final double scale;
    private final Path clientFile;
    private final List<Row> rows = new ArrayList<>();

    private LoadBench(Lab lab, double scale) throws IOException {
        this.lab = lab;
        this.scale = scale;
        this.clientFile = propertiesFile(lab.gamedayConfig());
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        Lab lab = Lab.forBenchmarks(List.of());
        try {
            new LoadBench(lab, scale).run(rounds);
        } finally {
            lab.close();
        }
        System.exit(0);
    }

    private List<Workload> workloads() {
        return List.of(
                new Workload("1KiB x6 saturation", 1024, 6, -1, records(200_000)),
                new Workload("100B x6 saturation", 100, 6, -1, records(1_000_000)),
                new Workload("1KiB x24 saturation", 1024, 24, -1, records(200_000)),
                new Workload("10KiB x6 saturation", 10_240, 6, -1, records(20_000)),
                new Workload("1KiB x6 at 2000/s", 1024, 6, 2000, records(30_000)));
    }

    private long records(long full) {
        return Math.max(1000, Math.round(full * scale));
    }

    private void run(int rounds) throws Exception {
        System.out.printf("Load test on %d cores, %d MiB RAM, Kafka lab %s; %d rounds, scale %.2f%n",
                Runtime.getRuntime().availableProcessors(), totalMemoryMiB(), lab.name(), rounds, scale);
        Workload warmUp = new Workload("warm-up", 1024, 6, -1, records(200_000));
        producerPerformance(0, LADDER.get(0), warmUp, topic("warmup", 6));
        for (int round = 1; round <= rounds; round++) {
            List<Variant> order = new ArrayList<>(LADDER);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (Variant variant : order) {
                brokers(variant.brokers());
                String prefix = variant.name().replace("+", "") + "-r" + round;
                for (Workload workload : workloads()) {
                    String topic = topic(prefix + "-" + workload.partitions() + "p-" + workload.recordBytes() + "b"
                            + (workload.rate() > 0 ? "-rate" : ""), workload.partitions());
                    producerPerformance(round, variant, workload, topic);
                    if (workload.name().equals("1KiB x6 saturation")) {
                        consumerPerformance(round, variant, workload, topic);
                    }
                }
                probe(round, variant, new Workload("100B x6 saturation", 100, 6, -1, records(300_000)),
                        topic(prefix + "-probe", 6));
                probe(round, variant, new Workload("100B x6 at 1000/s", 100, 6, 1000, records(15_000)),
                        topic(prefix + "-probe-rate", 6));
            }
        }
        brokers(BROKER_STOCK);
        report();
    }

    private void producerPerformance(int round, Variant variant, Workload workload, String topic) throws Exception {
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", String.valueOf(workload.records()),
                "--record-size", String.valueOf(workload.recordBytes()), "--throughput", String.valueOf(workload.rate()),
                "--producer.config", clientFile.toString(), "--producer-props", "acks=all"));
        variant.producer().forEach((key, value) -> args.add(key + "=" + value));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        String output = captured(() -> ProducerPerformance.main(args.toArray(String[]::new)), errors);
        // ProducerPerformance prints each failed send's exception (an expired batch, say) and counts it as sent
        long failed = errors.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("\t") && !l.startsWith("Caused by") && l.contains("Exception")).count();
        Matcher m = PRODUCER_SUMMARY.matcher(output);
        MatchResult last = null;
        while (m.find()) {
            last = m.toMatchResult(); // the final summary; ProducerPerformance prints running ones before it
        }
        if (last == null) {
            throw new IllegalStateException("no summary in ProducerPerformance's output:\n" + output);
        }
        record(new Row(round, variant.name(), "ProducerPerformance", workload.name(), workload.records(),
                Double.parseDouble(last.group(2)), Double.parseDouble(last.group(3)), Double.parseDouble(last.group(6)),
                Double.parseDouble(last.group(8)), Double.parseDouble(last.group(9)), failed), round > 0);
    }

    /** Reads what the workload wrote, from the beginning, as a consumer group of its own. */
    private void consumerPerformance(int round, Variant variant, Workload workload, String topic) throws Exception {
        String output = captured(() -> ConsumerPerformance.main(new String[] {"--bootstrap-server", lab.bootstrapServers(),
                "--topic", topic, "--messages", String.valueOf(workload.records()), "--consumer.config", clientFile.toString(),
                "--group", "gameday-load-" + System.nanoTime(), "--hide-header", "--timeout", "60000"}), null);
        // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
        // fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
        String line = output.lines().filter(l -> l.split(",").length >= 10).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no result in ConsumerPerformance's output:\n" + output));
        String[] fields = line.split(",\\s*");
        record(new Row(round, variant.name(), "ConsumerPerformance", workload.name(), Long.parseLong(fields[4].strip()),
                Double.parseDouble(fields[9]), Double.parseDouble(fields[8]), Double.NaN, Double.NaN, Double.NaN, 0), true);
    }

    private void probe(int round, Variant variant, Workload workload, String topic) throws Exception {
        Map<String, Object> client = new LinkedHashMap<>(lab.gamedayConfig());
        client.putAll(variant.producer());
        ProbeLoad.Result result = ProbeLoad.run(client, topic, workload.partitions(), Math.max(0, workload.rate()),
                workload.recordBytes(), workload.records());
        record(new Row(round, variant.name(), "gameday probe", workload.name(), workload.records(), result.perSecond(),
                result.perSecond() * workload.recordBytes() / (1024 * 1024), result.p50Ms(), result.p99Ms(),
                result.p999Ms(), 0), true);
    }

    private void record(Row row, boolean keep) {
        System.out.printf(Locale.ROOT, "  round %d %-10s %-20s %-22s %10.0f msg/s %8.2f MB/s  p50 %6.1f  p99 %7.1f  "
                        + "p99.9 %7.1f ms%s%n", row.round(), row.variant(), row.tool(), row.workload(), row.perSecond(),
                row.mbPerSecond(), row.p50Ms(), row.p99Ms(), row.p999Ms(),
                row.errors() > 0 ? "  FAILED SENDS: " + row.errors() + " (left out of the means)" : "");
        if (keep) {
            rows.add(row);
        }
    }

    /** Dynamic cluster-wide broker settings: no restart, the same lab for every rung. */
    private void brokers(Map<String, String> settings) throws Exception {
        try (Admin admin = Admin.create(lab.adminConfig())) {
            List<AlterConfigOp> ops = settings.entrySet().stream()
                    .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                    .toList();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), ops)).all().get();
        }
    }

    private String topic(String name, int partitions) throws Exception {
        String topic = "gameday-load-" + name;
        try (Admin admin = Admin.create(lab.adminConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 3))).all().get();
        }
        return topic;
    }

    /** Averages over the rounds, the tuned/stock ratios, and the files. */
    private void report() throws IOException {
        Map<String, List<Row>> byKey = rows.stream().filter(r -> r.errors() == 0).collect(Collectors.groupingBy(
                r -> r.tool() + "|" + r.workload() + "|" + r.variant(), LinkedHashMap::new, Collectors.toList()));
        List<Row> means = byKey.values().stream().map(LoadBench::mean).toList();
        System.out.printf("%nMeans over the rounds without failed sends (n: rounds; latency: send to ack, ms)%n");
        System.out.printf("%-20s %-22s %-10s %2s %11s %9s %8s %8s %8s%n", "tool", "workload", "variant", "n", "msg/s",
                "MB/s", "p50", "p99", "p99.9");
        for (Row row : means) {
            System.out.printf(Locale.ROOT, "%-20s %-22s %-10s %2d %11.0f %9.2f %8.1f %8.1f %8.1f%n", row.tool(),
                    row.workload(), row.variant(), row.round(), row.perSecond(), row.mbPerSecond(), row.p50Ms(),
                    row.p99Ms(), row.p999Ms());
        }
        String tuned = TUNED;
        System.out.printf("%nTuned (%s) vs stock, same lab, same run: ratio tuned/stock%n", tuned);
        System.out.printf("%-20s %-22s %12s %12s%n", "tool", "workload", "throughput", "p99 latency");
        for (Row stock : means) {
            if (!stock.variant().equals("stock")) {
                continue;
            }
            means.stream().filter(r -> r.variant().equals(tuned) && r.tool().equals(stock.tool())
                    && r.workload().equals(stock.workload())).findFirst().ifPresent(t ->
                    System.out.printf(Locale.ROOT, "%-20s %-22s %12.2f %12s%n", stock.tool(), stock.workload(),
                            t.perSecond() / stock.perSecond(), Double.isNaN(stock.p99Ms()) ? "-"
                                    : String.format(Locale.ROOT, "%.2f", t.p99Ms() / stock.p99Ms())));
        }
        System.out.printf("%nThe ladder, each rung on top of the one before:%n");
        LADDER.forEach(v -> System.out.printf("  %-10s %s%n", v.name(), v.why()));

        Path dir = Files.createDirectories(Lab.projectDir().resolve("target/bench"));
        String stamp = Instant.now().toString().replace(":", "").replaceAll("\\..*", "");
        Path csv = dir.resolve("load-" + stamp + ".csv");
        Path json = dir.resolve("load-" + stamp + ".json");
        StringBuilder c = new StringBuilder("round,variant,tool,workload,records,msg_per_s,mb_per_s,p50_ms,p99_ms,p999_ms,"
                + "failed_sends\n");
        StringBuilder j = new StringBuilder("{\"machine\": {\"cores\": " + Runtime.getRuntime().availableProcessors()
                + ", \"memoryMiB\": " + totalMemoryMiB() + "}, \"rows\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            c.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%d,%.1f,%.3f,%.1f,%.1f,%.1f,%d%n", r.round(), r.variant(),
                    r.tool(), r.workload(), r.records(), r.perSecond(), r.mbPerSecond(), r.p50Ms(), r.p99Ms(), r.p999Ms(),
                    r.errors()));
            j.append(String.format(Locale.ROOT, "  {\"round\": %d, \"variant\": \"%s\", \"tool\": \"%s\", \"workload\": \"%s\", "
                            + "\"records\": %d, \"msgPerSecond\": %.1f, \"mbPerSecond\": %.3f, \"p50Ms\": %s, \"p99Ms\": %s, "
                            + "\"p999Ms\": %s, \"failedSends\": %d}%s%n", r.round(), r.variant(), r.tool(), r.workload(),
                    r.records(), r.perSecond(), r.mbPerSecond(), number(r.p50Ms()), number(r.p99Ms()), number(r.p999Ms()),
                    r.errors(), i < rows.size() - 1 ? "," : ""));
        }
        j.append("]}\n");
        Files.writeString(csv, c);
        Files.writeString(json, j);
        System.out.printf("%nWritten: %s and %s%n", csv, json);
    }

    private static Row mean(List<Row> rows) {
        Row first = rows.get(0);
        return new Row(rows.size(), first.variant(), first.tool(), first.workload(), first.records(),
                rows.stream().mapToDouble(Row::perSecond).average().orElseThrow(),
                rows.stream().mapToDouble(Row::mbPerSecond).average().orElseThrow(),
                rows.stream().mapToDouble(Row::p50Ms).average().orElseThrow(),
                rows.stream().mapToDouble(Row::p99Ms).average().orElseThrow(),
                rows.stream().mapToDouble(Row::p999Ms).average().orElseThrow(), 0);
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static long totalMemoryMiB() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024);
    }

    interface Tool {
        void run() throws Exception;
    }

    /** Kafka's tools print their results on standard output; errors, if asked for, are kept too. */
    private static String captured(Tool tool, ByteArrayOutputStream errors) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        if (errors != null) {
            System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
        }
        try {
            tool.run();
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** The tools read client settings (SASL_SSL, the trust store) from a file. */
    private static Path propertiesFile(Map<String, Object> config) throws IOException {
        Path file = Files.createTempFile("load-client", ".properties");
        Properties properties = new Properties();
        config.forEach((key, value) -> properties.setProperty(key, String.valueOf(value)));
        try (OutputStream out = Files.newOutputStream(file)) {
            properties.store(out, "the gameday principal over SASL_SSL");
        }
        return file;
    }
}
