package dev.gameday.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.lab.Lab;
import dev.gameday.lab.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * Failover time, stock vs tuned, in one run. For each configuration, a lab of its own (compose
 * project gdbench; stock = compose/stock.yml over the lab), the packaged service against it, and:
 * <ol>
 *   <li>the experiment leader-failover (ten SIGKILLs of a probe partition's leader, each on a settled cluster): each
 *       kill's produce unavailability and recovery from the verifier, lost acknowledged writes, and from the brokers'
 *       logs (kept next to run.json) how long after its death the controller fenced the broker;</li>
 *   <li>false fencing: a broker that leads partitions (not the active controller) is paused for 2 s,
 *       {@code pauses} times; fenced if the controller ever reports it fenced or moved its leaders away.</li>
 * </ol>
 * Run: bench/run.sh failover [pauses] [stock|tuned] (bench/run.sh packages the service first).
 */
public final class FailoverBench {

    /** A lab configuration and the service settings that go with it (the probe's are the same for both). */
    record Config(String name, List<String> composeOverrides, Map<String, String> serviceConfig) {}

    /** What one configuration measured. */
    record Result(Config config, String verdict, long lostWrites, List<Long> unavailabilityMs, List<Long> recoveryMs,
                  List<Long> fencedAfterMs, int pauses, int fenced, List<String> pauseNotes) {}

    static final Config STOCK = new Config("stock", List.of("compose/stock.yml"), Map.of());
    static final Config TUNED = new Config("tuned", List.of(), Map.of());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PAUSE = Duration.ofSeconds(2);

    public static void main(String[] args) throws Exception {
        int pauses = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String> only = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        List<Result> results = new ArrayList<>();
        for (Config config : List.of(STOCK, TUNED)) {
            if (!only.isEmpty() && !only.contains(config.name())) {
                continue;
            }
            Lab lab = Lab.forBenchmarks(config.composeOverrides());
            try {
                results.add(measure(lab, config, pauses));
            } finally {
                lab.close();
            }
        }
        print(results);
        System.exit(0);
    }

    private static Result measure(Lab lab, Config config, int pauses) throws Exception {
        System.out.printf("%n[%s] lab up; running leader-failover through the service%n", config.name());
        Path data = Files.createDirectories(Lab.projectDir().resolve("target/bench/failover-" + config.name()
                + "-" + System.currentTimeMillis()));
        JsonNode run;
        ControllerWatch controllers = new ControllerWatch(lab.adminConfig());
        try (ServiceProcess service = new ServiceProcess(lab, data, config.serviceConfig(), Map.of());
             controllers) {
            service.start().awaitLive();
            controllers.start();
            HttpResponse<String> started = service.post("/api/experiments/leader-failover/runs", "");
            if (started.statusCode() != 202) {
                throw new IllegalStateException("the run was refused: " + started.statusCode() + " " + started.body());
            }
            String id = JSON.readTree(started.body()).get("id").asText();
            Awaitility.await("run " + id + " done").atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(5))
                    .until(() -> !JSON.readTree(service.get("/api/runs/" + id).body()).get("status").asText()
                            .equals("RUNNING"));
            String body = service.get("/api/runs/" + id).body();
            Files.writeString(data.resolve("run.json"), body);
            run = JSON.readTree(body);
        }
        BrokerLogs logs = BrokerLogs.keep(lab, data);
        JsonNode measured = run.path("measured");
        List<Long> fencedAfter = new ArrayList<>();
        List<Long> unavailability = new ArrayList<>();
        List<Long> recovery = new ArrayList<>();
        for (JsonNode fault : measured.path("perFault")) {
            int number = fault.get("step").asInt(); // counted from 1
            JsonNode step = run.path("steps").get(number - 1);
            String target = step.path("targets").path(0).asText("?");
            Instant injectedAt = Instant.parse(step.get("injectedAt").asText());
            int controller = controllers.at(injectedAt);
            boolean wasController = target.endsWith("-kafka-" + controller);
            long ms = fault.get("unavailabilityMs").asLong();
            unavailability.add(ms);
            Long recoveryMs = fault.hasNonNull("recoveryMs") ? fault.get("recoveryMs").asLong() : null;
            if (recoveryMs != null) {
                recovery.add(recoveryMs);
            }
            int node = Integer.parseInt(target.substring(target.lastIndexOf('-') + 1));
            Long fencedMs = logs.fencedAfterMs(node, injectedAt);
            if (fencedMs != null) {
                fencedAfter.add(fencedMs);
            }
            System.out.printf("[%s] kill %d: %s%s, fenced %s ms after it died, produce unavailable %d ms, recovered %s ms "
                    + "later%n", config.name(), number, target, wasController ? " (the active controller)" : "",
                    fencedMs == null ? "?" : fencedMs, ms, recoveryMs == null ? "never" : recoveryMs);
        }
        System.out.printf("[%s] %s%n", config.name(), run.get("status").asText());
        run.path("reasons").forEach(reason -> System.out.printf("[%s]   %s%n", config.name(), reason.asText()));

        int fenced = 0;
        List<String> notes = new ArrayList<>();
        Map<String, Object> admin = new HashMap<>(lab.adminConfig());
        admin.put("request.timeout.ms", "1000");
        admin.put("default.api.timeout.ms", "1500");
        try (Admin client = Admin.create(admin)) {
            for (int trial = 0; trial < pauses; trial++) {
                String note = pauseTrial(lab, client, trial);
                notes.add(note);
                if (note.contains("FENCED")) {
                    fenced++;
                }
                System.out.printf("[%s] pause %d: %s%n", config.name(), trial + 1, note);
            }
        }
        return new Result(config, run.get("status").asText(), measured.path("lostWrites").asLong(-1), unavailability,
                recovery, fencedAfter, pauses, fenced, notes);
    }

    /**
     * Pauses a broker that leads partitions and is not the active controller for {@link #PAUSE};
     * watches the controller's view of it while paused and for 3 s after.
     */
    private static String pauseTrial(Lab lab, Admin admin, int trial) throws Exception {
        lab.awaitSettled(Duration.ofMinutes(3));
        Set<TopicPartition> all = allPartitions(admin);
        try {
            admin.electLeaders(ElectionType.PREFERRED, all).all().get(30, TimeUnit.SECONDS);
        } catch (Exception electionNotNeeded) {
            // leaders already preferred: fine
        }
        int controller = admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
        List<Integer> others = new ArrayList<>(List.of(1, 2, 3));
        others.remove(Integer.valueOf(controller));
        int broker = others.get(trial % others.size());
        Map<TopicPartition, Integer> before = leaders(admin, all);
        List<TopicPartition> led = before.entrySet().stream().filter(e -> e.getValue() == broker)
                .map(Map.Entry::getKey).toList();

        String container = lab.containerOfNode(broker);
        long pausedAt = System.nanoTime();
        Lab.Docker.output(Duration.ofSeconds(20), "pause", container);
        long unpauseAt = pausedAt + PAUSE.toNanos();
        long watchUntil = unpauseAt + TimeUnit.SECONDS.toNanos(3);
        boolean[] seenFenced = {false};
        boolean[] unpaused = {false};
        int[] unanswered = {0};
        // one look every 100 ms until 3 s after the unpause
        Awaitility.await("broker " + broker + " watched").atMost(PAUSE.plusSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (!unpaused[0] && System.nanoTime() >= unpauseAt) {
                        Lab.Docker.output(Duration.ofSeconds(20), "unpause", container);
                        unpaused[0] = true;
                    }
                    try {
                        for (Node node : admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)
                                .timeoutMs(800)).nodes().get()) {
                            seenFenced[0] |= node.id() == broker && node.isFenced();
                        }
                    } catch (Exception timeout) {
                        unanswered[0]++;
                    }
                    return System.nanoTime() >= watchUntil;
                });
        long pausedMs = TimeUnit.NANOSECONDS.toMillis(unpauseAt - pausedAt);
        Map<TopicPartition, Integer> after = leaders(admin, all);
        long moved = led.stream().filter(tp -> !Integer.valueOf(broker).equals(after.get(tp))).count();
        boolean fenced = seenFenced[0] || moved > 0;
        return String.format(Locale.ROOT, "%s broker %d (controller %d) paused %d ms, led %d partitions, %d moved%s%s",
                fenced ? "FENCED" : "kept", broker, controller, pausedMs, led.size(), moved,
                seenFenced[0] ? ", reported fenced" : "", unanswered[0] > 0 ? ", " + unanswered[0] + " polls unanswered" : "");
    }

    private static Set<TopicPartition> allPartitions(Admin admin) throws Exception {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
        Set<TopicPartition> partitions = new HashSet<>();
        for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
        }
        return partitions;
    }

    private static Map<TopicPartition, Integer> leaders(Admin admin, Set<TopicPartition> partitions) throws Exception {
        Set<String> topics = new HashSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        Map<TopicPartition, Integer> leaders = new HashMap<>();
        Awaitility.await("partition leaders").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            for (TopicDescription topic : admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions().forEach(p -> leaders.put(new TopicPartition(topic.name(), p.partition()),
                        p.leader() == null ? -1 : p.leader().id()));
            }
            return true;
        });
        return leaders;
    }

    private static void print(List<Result> results) {
        System.out.printf("%nFailover after a SIGKILL of a partition leader (experiment leader-failover), and "
                + "false fencing under a %d s pause, on %d cores%n", PAUSE.toSeconds(),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-7s %5s %5s %7s %13s %12s %12s %11s %11s %7s %7s%n", "config", "kills", "lost",
                "verdict", "to fence p50", "unavail p50", "unavail max", "recov p50", "recov max", "pauses", "fenced");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "%-7s %5d %5d %7s %10.0f ms %9.0f ms %9.0f ms %8.0f ms %8.0f ms %7d %7d%n",
                    r.config().name(), r.unavailabilityMs().size(), r.lostWrites(), r.verdict(),
                    median(r.fencedAfterMs()), median(r.unavailabilityMs()), max(r.unavailabilityMs()),
                    median(r.recoveryMs()), max(r.recoveryMs()), r.pauses(), r.fenced());
        }
        for (Result r : results) {
            System.out.printf("%s: fenced after death %s ms; unavailability per kill %s ms; recovery %s ms%n",
                    r.config().name(), r.fencedAfterMs(), r.unavailabilityMs(), r.recoveryMs());
        }
    }

    private static double median(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static double max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(-1);
    }

    /** Polls the active controller every 200 ms, to tell afterwards whether a killed leader was also it. */
    private static final class ControllerWatch implements AutoCloseable {
        private final ConcurrentSkipListMap<Instant, Integer> seen = new ConcurrentSkipListMap<>();
        private final Admin admin;
        private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "controller-watch");
            thread.setDaemon(true);
            return thread;
        });

        ControllerWatch(Map<String, Object> config) {
            Map<String, Object> c = new HashMap<>(config);
            c.put("request.timeout.ms", "1000");
            c.put("default.api.timeout.ms", "1500");
            admin = Admin.create(c);
        }

        void start() {
            poller.scheduleWithFixedDelay(this::poll, 0, 200, TimeUnit.MILLISECONDS);
        }

        private void poll() {
            try {
                seen.put(Instant.now(), admin.describeMetadataQuorum().quorumInfo().get(1500, TimeUnit.MILLISECONDS)
                        .leaderId());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception unanswered) {
                // a broker is down: the next poll tries again
            }
        }

        /** The active controller last seen before the instant, -1 if none was seen. */
        int at(Instant instant) {
            var entry = seen.floorEntry(instant);
            return entry == null ? -1 : entry.getValue();
        }

        @Override
        public void close() {
            poller.shutdownNow();
            admin.close(Duration.ofSeconds(2));
        }
    }
}
