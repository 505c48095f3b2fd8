package dev.gameday.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.lab.Lab;
import dev.gameday.lab.Leftovers;
import dev.gameday.lab.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The soak: {@code runs} consecutive runs (50 by default) on a lab of its own (gdbench), cycling every
 * fault type and every target role, with one packaged service that is never restarted. After each
 * run it checks from outside the service ({@link Leftovers}: Docker and the containers themselves)
 * that nothing is left, that the journal has no fault open and that the run is stored, and reads the
 * service's heap after a full GC (jcmd), its RSS, threads and open files (/proc) and its database's
 * size. At the end it prints each figure's slope per run, over all runs and over the second half
 * (after the JIT and the caches have warmed up), and exits 1 if anything was left or not stored.
 * Latency and loss run only where the kernel has netem (the preflight refuses them otherwise).
 * Run: bench/run.sh soak [runs] (the service is packaged first).
 */
public final class SoakBench {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    /** Each fault type with its own fields, as a step writes them; null target: the fault names its own containers. */
    private static final Map<String, String> FAULTS = new LinkedHashMap<>();

    static {
        FAULTS.put("kill", "fault: kill");
        FAULTS.put("pause", "fault: pause");
        FAULTS.put("isolate", "fault: isolate");
        FAULTS.put("cpu-throttle", "fault: cpu-throttle\n    cpus: 0.2");
        FAULTS.put("stop", "fault: stop\n    timeout: 10s");
        FAULTS.put("block-ports", "fault: block-ports\n    ports: [9093]");
        FAULTS.put("partition", "fault: partition");
        FAULTS.put("bandwidth", "fault: bandwidth\n    rate: 10mbit");
        FAULTS.put("restart", "fault: restart\n    timeout: 10s");
        FAULTS.put("latency", "fault: latency\n    delay: 100ms");
        FAULTS.put("loss", "fault: loss\n    percent: 10");
        FAULTS.put("rolling-restart", "fault: rolling-restart\n    timeout: 30s");
    }

    private static final List<String> ROLES = List.of(
            "{ role: partition-leader, topic: gameday-soak, partition: 0 }",
            "{ role: partition-follower, topic: gameday-soak, partition: 0 }",
            "{ role: leader-not-controller, topic: gameday-soak }",
            "{ role: active-controller }",
            "{ role: broker, id: 2 }",
            "{ role: random-broker }",
            "{ role: minority }",
            "{ role: majority }",
            "{ role: all-brokers }");

    /** What one run left and cost. */
    record Sample(int run, String experiment, String status, List<String> left, boolean stored, long heapAfterGcKiB,
                  long rssKiB, long threads, long openFiles, long databaseKiB, long seconds) {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Lab lab = Lab.forBenchmarks(List.of());
        List<Sample> samples;
        try {
            samples = soak(lab, runs);
        } finally {
            lab.close();
        }
        System.exit(print(samples) ? 0 : 1);
    }

    private static List<Sample> soak(Lab lab, int runs) throws Exception {
        Path dir = Files.createDirectories(Lab.projectDir().resolve("target/bench/soak-" + System.currentTimeMillis()));
        Path experiments = Files.createDirectories(dir.resolve("experiments"));
        List<String> faults = new ArrayList<>(FAULTS.keySet());
        if (!netem()) {
            faults.removeAll(List.of("latency", "loss"));
            System.out.println("[soak] this kernel has no netem: latency and loss are left out (the preflight refuses them)");
        }
        List<String> names = IntStream.range(0, runs)
                .mapToObj(i -> write(experiments, faults.get(i % faults.size()), i % ROLES.size())).toList();
        Leftovers leftovers = new Leftovers(lab);
        List<Sample> samples = new ArrayList<>();
        Path data = Files.createDirectories(dir.resolve("data"));
        try (ServiceProcess service = new ServiceProcess(lab, data, Map.of(
                "gameday.experiments.dir", experiments.toString(), "gameday.schedules.paused", "true"), Map.of())) {
            service.start().awaitLive();
            System.out.printf("[soak] %d runs, data and logs in %s%n", runs, dir);
            System.out.printf("%-4s %-38s %-8s %-5s %-6s %12s %10s %8s %7s %8s %6s%n", "run", "experiment", "verdict",
                    "left", "stored", "heap-gc KiB", "RSS KiB", "threads", "files", "db KiB", "s");
            for (int i = 0; i < runs; i++) {
                long began = System.nanoTime();
                JsonNode run = runToEnd(service, lab, names.get(i));
                List<String> left = new ArrayList<>();
                try {
                    leftovers.awaitNone(data.resolve("fault-journal.jsonl"), Duration.ofSeconds(30));
                } catch (AssertionError e) {
                    left.addAll(leftovers.find(data.resolve("fault-journal.jsonl")));
                }
                Sample sample = new Sample(i + 1, names.get(i), run.path("status").asText(), left,
                        service.stored(names.get(i), run.path("id").asText()), heapAfterGc(service.pid()),
                        proc(service.pid(), "VmRSS"), proc(service.pid(), "Threads"), openFiles(service.pid()),
                        Files.size(data.resolve("gameday.mv.db")) / 1024, (System.nanoTime() - began) / 1_000_000_000);
                samples.add(sample);
                System.out.printf("%-4d %-38s %-8s %-5d %-6s %12d %10d %8d %7d %8d %6d%n", sample.run(),
                        sample.experiment(), sample.status(), left.size(), sample.stored() ? "yes" : "NO",
                        sample.heapAfterGcKiB(), sample.rssKiB(), sample.threads(), sample.openFiles(),
                        sample.databaseKiB(), sample.seconds());
                left.forEach(thing -> System.out.println("     LEFT: " + thing));
            }
        }
        return samples;
    }

    /** An experiment of one fault on one role: 5 s of warm-up, 10 s of fault, 2 s of cool-down. */
    private static String write(Path dir, String fault, int role) {
        String name = "soak-" + fault + "-" + role;
        boolean lasting = !fault.equals("restart") && !fault.equals("rolling-restart");
        String step = "  - " + FAULTS.get(fault) + "\n    target: " + ROLES.get(role) + "\n    at: 0s\n"
                + (lasting ? "    duration: 10s\n" : "");
        String yaml = "name: " + name + "\ndescription: \"soak, " + fault + " on " + ROLES.get(role)
                + "\"\nprobe: { topic: gameday-soak, partitions: 3, ratePerSecond: 200, warmup: 5s }\n"
                + "hypothesis: { lostWrites: 0, recoveryWithin: 2m }\nsteps:\n" + step + "cooldown: 2s\n";
        try {
            Files.writeString(dir.resolve(name + ".yaml"), yaml);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + name, e);
        }
        return name;
    }

    private static JsonNode runToEnd(ServiceProcess service, Lab lab, String experiment) throws Exception {
        lab.awaitSettled(Duration.ofMinutes(5));
        return service.awaitEnd(service.startRun(experiment), Duration.ofMinutes(15));
    }

    /** Live heap after a full GC: jcmd GC.run, then GC.heap_info's "used". */
    private static long heapAfterGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) {
        return Lab.Docker.exec(Duration.ofSeconds(60), List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd")
                .toString(), String.valueOf(pid), command), Map.of());
    }

    /** A figure of /proc/PID/status: "VmRSS" in kB, "Threads". */
    private static long proc(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).strip().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.count();
        }
    }

    /** Whether a throw-away helper can add a netem qdisc here (as FaultsIT finds out). */
    private static boolean netem() {
        try {
            Lab.Docker.output(Duration.ofSeconds(60), "run", "--rm", "--network", "none", "--cap-add", "NET_ADMIN",
                    "kafka-gameday/base:bookworm", "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms");
            return true;
        } catch (IllegalStateException refused) {
            return false;
        }
    }

    private static boolean print(List<Sample> samples) {
        System.out.printf("%nSlopes per run (least squares): all %d runs | runs %d-%d%n", samples.size(),
                samples.size() / 2 + 1, samples.size());
        slope(samples, "heap after GC (KiB)", Sample::heapAfterGcKiB);
        slope(samples, "RSS (KiB)", Sample::rssKiB);
        slope(samples, "threads", Sample::threads);
        slope(samples, "open files", Sample::openFiles);
        slope(samples, "database (KiB)", Sample::databaseKiB);
        long leaking = samples.stream().filter(s -> !s.left().isEmpty()).count();
        long unstored = samples.stream().filter(s -> !s.stored()).count();
        System.out.printf("%nruns with something left: %d of %d; runs not stored: %d; verdicts: %s%n", leaking,
                samples.size(), unstored, samples.stream().collect(java.util.stream.Collectors.groupingBy(Sample::status,
                        java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        return leaking == 0 && unstored == 0;
    }

    private static void slope(List<Sample> samples, String figure, ToLongFunction<Sample> of) {
        List<Sample> later = samples.subList(samples.size() / 2, samples.size());
        System.out.printf("  %-22s first %10d  last %10d  slope %+10.1f/run | %+10.1f/run%n", figure,
                of.applyAsLong(samples.get(0)), of.applyAsLong(samples.get(samples.size() - 1)), slope(samples, of),
                slope(later, of));
    }

    /** The least-squares slope of the figure over the samples' run numbers. */
    static double slope(List<Sample> samples, ToLongFunction<Sample> of) {
        int n = samples.size();
        if (n < 2) {
            return 0;
        }
        double meanX = samples.stream().mapToDouble(Sample::run).average().orElse(0);
        double meanY = samples.stream().mapToDouble(of::applyAsLong).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (Sample s : samples) {
            covariance += (s.run() - meanX) * (of.applyAsLong(s) - meanY);
            variance += (s.run() - meanX) * (s.run() - meanX);
        }
        return covariance / variance;
    }
}
