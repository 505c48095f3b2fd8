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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.awaitility.Awaitility;

/**
 * Where the recovery of a SIGKILLed broker goes. On a freshly built lab of its own (compose project
 * gdbench, with any compose overrides given), the packaged service runs leader-kill and
 * controller-kill in turn, {@code kills} runs in all, as the default suite does; for each kill the
 * verifier's recovery (restart to a healthy cluster) is broken down with the restarted broker's own
 * log: its first line (JVM up), its logs loaded, its metadata caught up, unfenced (RUNNING), and
 * the rest is its replicas catching up until every ISR is full.
 * Run: bench/run.sh restart [kills] [compose override files...] (the service is packaged first).
 */
public final class RestartBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXPERIMENTS = List.of("leader-kill", "controller-kill");

    record Kill(String experiment, String status, int node, long unavailabilityMs, Long recoveryMs,
                BrokerLogs.Restart restart) {}

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        List<String> overrides = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        Lab lab = Lab.forBenchmarks(overrides);
        try {
            print(overrides, measure(lab, kills));
        } finally {
            lab.close();
        }
        System.exit(0);
    }

    private static List<Kill> measure(Lab lab, int kills) throws Exception {
        Path data = Files.createDirectories(Lab.projectDir().resolve("target/bench/restart-" + System.currentTimeMillis()));
        List<JsonNode> runs = new ArrayList<>();
        try (ServiceProcess service = new ServiceProcess(lab, data, Map.of(), Map.of())) {
            service.start().awaitLive();
            for (int i = 0; i < kills; i++) {
                String experiment = EXPERIMENTS.get(i % EXPERIMENTS.size());
                JsonNode run = runToEnd(service, experiment);
                Files.writeString(data.resolve("run-" + (i + 1) + ".json"), run.toString());
                runs.add(run);
                System.out.printf("[restart] %d/%d %s: %s, recovery %s ms%n", i + 1, kills, experiment,
                        run.path("status").asText(), run.path("measured").path("recoveryMs").asText("never"));
            }
        }
        BrokerLogs logs = BrokerLogs.keep(lab, data);
        List<Kill> result = new ArrayList<>();
        for (JsonNode run : runs) {
            JsonNode step = run.path("steps").path(0);
            String target = step.path("targets").path(0).asText("?");
            int node = Integer.parseInt(target.substring(target.lastIndexOf('-') + 1));
            JsonNode fault = run.path("measured").path("perFault").path(0);
            Instant restarted = Instant.parse(step.path("revertedAt").asText());
            result.add(new Kill(run.path("experiment").asText(), run.path("status").asText(), node,
                    fault.path("unavailabilityMs").asLong(-1),
                    fault.hasNonNull("recoveryMs") ? fault.get("recoveryMs").asLong() : null,
                    logs.restart(node, restarted)));
        }
        System.out.println("[restart] runs and brokers' logs in " + data);
        return result;
    }

    private static JsonNode runToEnd(ServiceProcess service, String experiment) throws Exception {
        HttpResponse<String> started = service.post("/api/experiments/" + experiment + "/runs", "");
        if (started.statusCode() != 202) {
            throw new IllegalStateException(experiment + " was refused: " + started.statusCode() + " " + started.body());
        }
        String id = JSON.readTree(started.body()).get("id").asText();
        Awaitility.await("run " + id + " of " + experiment).atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> !JSON.readTree(service.get("/api/runs/" + id).body()).get("status").asText().equals("RUNNING"));
        return JSON.readTree(service.get("/api/runs/" + id).body());
    }

    private static void print(List<String> overrides, List<Kill> kills) {
        System.out.printf("%nSIGKILLed broker, restarted 20 s later: ms after the container's start (lab overrides: %s)%n",
                overrides.isEmpty() ? "none" : String.join(", ", overrides));
        String row = "%-16s %-7s %4s %8s %12s %9s %10s %8s %10s %10s%n";
        System.out.printf(row, "experiment", "verdict", "node", "1st line", "logs loaded", "(loading)", "caught up",
                "RUNNING", "healthy", "unavail");
        for (Kill k : kills) {
            BrokerLogs.Restart r = k.restart();
            System.out.printf(row, k.experiment(), k.status(), k.node(), text(r.firstLineMs()), text(r.logsLoadedMs()),
                    text(r.loadingMs()), text(r.caughtUpMs()), text(r.runningMs()), text(k.recoveryMs()),
                    k.unavailabilityMs());
        }
        System.out.printf(row, "median", "", "", median(kills, k -> k.restart().firstLineMs()),
                median(kills, k -> k.restart().logsLoadedMs()), median(kills, k -> k.restart().loadingMs()),
                median(kills, k -> k.restart().caughtUpMs()), median(kills, k -> k.restart().runningMs()),
                median(kills, Kill::recoveryMs), median(kills, k -> k.unavailabilityMs()));
        System.out.printf(row, "max", "", "", max(kills, k -> k.restart().firstLineMs()),
                max(kills, k -> k.restart().logsLoadedMs()), max(kills, k -> k.restart().loadingMs()),
                max(kills, k -> k.restart().caughtUpMs()), max(kills, k -> k.restart().runningMs()),
                max(kills, Kill::recoveryMs), max(kills, k -> k.unavailabilityMs()));
    }

    private static String text(Long ms) {
        return ms == null ? "?" : ms.toString();
    }

    private static String median(List<Kill> kills, Function<Kill, Long> figure) {
        List<Long> values = kills.stream().map(figure).filter(v -> v != null).sorted().toList();
        return values.isEmpty() ? "?" : String.valueOf(values.get((values.size() - 1) / 2));
    }

    private static String max(List<Kill> kills, Function<Kill, Long> figure) {
        return kills.stream().map(figure).filter(v -> v != null).max(Long::compare).map(String::valueOf).orElse("?");
    }
}
