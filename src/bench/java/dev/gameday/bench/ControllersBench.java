package dev.gameday.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.lab.Lab;
import dev.gameday.lab.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * What dedicated controllers change. On a lab of its own (compose project gdbench, 1 GiB brokers),
 * first with the three combined nodes, then with three dedicated controllers and three brokers
 * (compose/controllers.yml), the packaged service runs the suite's controller-kill {@code kills}
 * times in each topology: the active controller SIGKILLed for 20 s, with the probe's produce
 * unavailability and the recovery for each kill. Then, on the dedicated topology, the default suite
 * once, with each experiment's verdict and figures (skip it with a third argument, {@code nosuite}).
 * Run: bench/run.sh controllers [kills] (the service is packaged first; ~30 min).
 */
public final class ControllersBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(String experiment, String status, String target, long unavailabilityMs, Long recoveryMs, String reasons) {}

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean suite = args.length < 2 || !args[1].equals("nosuite");
        List<Run> combined = onLab(List.of(), kills, false);
        List<Run> dedicated = onLab(List.of(Lab.CONTROLLERS_FILE), kills, suite);
        print("three combined nodes (compose/docker-compose.yml)", combined, kills);
        print("three dedicated controllers and three brokers (+ compose/controllers.yml)", dedicated, kills);
        System.exit(0);
    }

    /** The kills, then (if asked) the default suite, on a fresh benchmark lab with these overrides. */
    private static List<Run> onLab(List<String> overrides, int kills, boolean suite) throws Exception {
        Lab lab = Lab.forBenchmarks(overrides);
        Path data = Files.createDirectories(Lab.projectDir().resolve("target/bench/controllers-"
                + (overrides.isEmpty() ? "combined-" : "dedicated-") + System.currentTimeMillis()));
        List<Run> runs = new ArrayList<>();
        try (ServiceProcess service = new ServiceProcess(lab, data, Map.of(
                "gameday.experiments.dir", Lab.projectDir().resolve("experiments").toString(),
                "gameday.schedules.paused", "true"), Map.of())) {
            service.start().awaitLive();
            for (int i = 0; i < kills; i++) {
                JsonNode run = service.awaitEnd(service.startRun("controller-kill"), Duration.ofMinutes(10));
                Files.writeString(data.resolve("controller-kill-" + (i + 1) + ".json"), run.toString());
                runs.add(summary(run));
                System.out.printf("[controllers] %s %d/%d: %s%n", lab.dedicatedControllers() ? "dedicated" : "combined",
                        i + 1, kills, runs.get(runs.size() - 1));
            }
            if (suite) {
                runs.addAll(defaultSuite(service, data));
            }
        } finally {
            lab.close();
        }
        System.out.println("[controllers] runs in " + data);
        return runs;
    }

    private static List<Run> defaultSuite(ServiceProcess service, Path data) throws Exception {
        HttpResponse<String> started = service.post("/api/suites/default/runs", "");
        if (started.statusCode() != 202) {
            throw new IllegalStateException("the default suite was refused: " + started.statusCode() + " " + started.body());
        }
        String id = JSON.readTree(started.body()).get("id").asText();
        Awaitility.await("suite run " + id).atMost(Duration.ofMinutes(60)).pollInterval(Duration.ofSeconds(5))
                .until(() -> !JSON.readTree(service.get("/api/suite-runs/" + id).body()).path("status").asText()
                        .equals("RUNNING"));
        JsonNode suite = JSON.readTree(service.get("/api/suite-runs/" + id).body());
        Files.writeString(data.resolve("suite-default.json"), suite.toString());
        System.out.printf("[controllers] the default suite: %s %s%n", suite.path("status").asText(), suite.path("reasons"));
        List<Run> runs = new ArrayList<>();
        for (JsonNode run : suite.path("runs")) {
            runs.add(summary(JSON.readTree(service.get("/api/runs/" + run.path("id").asText()).body())));
        }
        return runs;
    }

    private static Run summary(JsonNode run) {
        JsonNode fault = run.path("measured").path("perFault").path(0);
        return new Run(run.path("experiment").asText(), run.path("status").asText(),
                run.path("steps").path(0).path("targets").path(0).asText("?"), fault.path("unavailabilityMs").asLong(-1),
                fault.hasNonNull("recoveryMs") ? fault.get("recoveryMs").asLong() : null, run.path("reasons").toString());
    }

    /** The runs, and the unavailability of the first {@code kills} (the suite's own controller-kill aside). */
    private static void print(String topology, List<Run> runs, int kills) {
        System.out.printf("%n%s%n", topology);
        String row = "%-24s %-8s %-24s %12s %12s  %s%n";
        System.out.printf(row, "experiment", "verdict", "target", "unavail ms", "recovery ms", "reasons");
        runs.forEach(r -> System.out.printf(row, r.experiment(), r.status(), r.target(), r.unavailabilityMs(),
                r.recoveryMs() == null ? "?" : r.recoveryMs(), r.status().equals("PASS") ? "" : r.reasons()));
        List<Long> unavailability = runs.subList(0, kills).stream().map(Run::unavailabilityMs).sorted().toList();
        List<Long> recovery = runs.subList(0, kills).stream().map(Run::recoveryMs).filter(r -> r != null).sorted().toList();
        if (kills > 0) {
            System.out.printf("controller-kill: produce unavailability median %d ms, max %d ms; recovery median %s ms, "
                    + "max %s ms (%d kills)%n", unavailability.get((kills - 1) / 2), unavailability.get(kills - 1),
                    recovery.isEmpty() ? "?" : recovery.get((recovery.size() - 1) / 2),
                    recovery.isEmpty() ? "?" : recovery.get(recovery.size() - 1), kills);
        }
    }
}
