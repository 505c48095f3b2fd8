package dev.gameday.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.api.ApiCredentials;
import dev.gameday.lab.Lab;
import dev.gameday.lab.ServiceProcess;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The API under load while a run proceeds. On a lab of its own (gdbench), the packaged service runs
 * one experiment (broker-pause by default, with a fixed seed, so that every run pauses the same
 * broker) {@code runs} times without load (5 by default), then once more while an open-loop generator
 * ({@link ApiLoad}) reads /api/runs, /api/runs/{id}, /api/experiments, /ui/ and /ui/runs/{id} at
 * {@code rate} requests a second (50) for the whole length of the run. Prints the load's p50, p99 and
 * 5xx count, and each figure of the loaded run next to the range of the runs without load: the
 * verdict must be unchanged and each figure within that range.
 * Run: bench/run.sh apiload [runs] [rate] [experiment] (the service is packaged first).
 */
public final class ApiLoadBench {

    private static final long SEED = 20261128L;
    private static final List<String> PATHS = List.of("/api/runs", "/api/runs/{run}", "/api/experiments", "/ui/",
            "/ui/runs/{run}");

    /** A figure of a run the load must not move out of its range. */
    record Figure(String name, Function<JsonNode, Long> of) {}

    private static final List<Figure> FIGURES = List.of(
            new Figure("unavailability (ms)", run -> run.path("measured").path("unavailabilityMs").asLong()),
            new Figure("recovery (ms)", run -> run.path("measured").path("recoveryMs").asLong(-1)),
            new Figure("ack latency p50 (µs)", run -> run.path("latency").path("p50Micros").asLong()),
            new Figure("ack latency p99 (µs)", run -> run.path("latency").path("p99Micros").asLong()),
            new Figure("acknowledged", run -> run.path("measured").path("acknowledged").asLong()));

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String experiment = args.length > 2 ? args[2] : "broker-pause";
        Lab lab = Lab.forBenchmarks(List.of());
        boolean held;
        try {
            held = measure(lab, runs, rate, experiment);
        } finally {
            lab.close();
        }
        System.exit(held ? 0 : 1);
    }

    private static boolean measure(Lab lab, int runs, int rate, String experiment) throws Exception {
        Path data = Files.createDirectories(Lab.projectDir().resolve("target/bench/apiload-" + System.currentTimeMillis()));
        try (ServiceProcess service = new ServiceProcess(lab, data, Map.of(
                "gameday.experiments.dir", Lab.projectDir().resolve("experiments").toString(),
                "gameday.schedules.paused", "true"), Map.of())) {
            service.start().awaitLive();
            List<JsonNode> quiet = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                JsonNode run = runToEnd(service, lab, experiment, null);
                quiet.add(run);
                System.out.printf("[apiload] without load %d/%d: %s%n", i, runs, summary(run));
            }
            AtomicReference<String> current = new AtomicReference<>(quiet.get(quiet.size() - 1).path("id").asText());
            ApiLoad load = new ApiLoad(URI.create(service.url()), ApiCredentials.VIEWER, ApiCredentials.VIEWER_PASSWORD,
                    rate, PATHS, current::get);
            JsonNode loaded = runToEnd(service, lab, experiment, id -> {
                current.set(id);
                load.start();
            });
            ApiLoad.Figures figures = load.stop();
            System.out.printf("[apiload] with %d req/s: %s%n", rate, summary(loaded));
            return print(quiet, loaded, figures, load, rate);
        }
    }

    private static JsonNode runToEnd(ServiceProcess service, Lab lab, String experiment,
                                     java.util.function.Consumer<String> onStart) throws Exception {
        lab.awaitSettled(Duration.ofMinutes(3));
        String id = service.startRun(experiment, "seed=" + SEED);
        if (onStart != null) {
            onStart.accept(id);
        }
        return service.awaitEnd(id, Duration.ofMinutes(10));
    }

    private static String summary(JsonNode run) {
        StringBuilder line = new StringBuilder(run.path("status").asText());
        for (Figure figure : FIGURES) {
            line.append(", ").append(figure.name()).append(' ').append(figure.of().apply(run));
        }
        return line.toString();
    }

    private static boolean print(List<JsonNode> quiet, JsonNode loaded, ApiLoad.Figures figures, ApiLoad load, int rate) {
        boolean held = true;
        System.out.printf("%nThe API at %d req/s (open loop) for the length of a run: %s%n", rate, figures);
        load.byPath().forEach((path, f) -> System.out.printf("  %-18s %s%n", path, f));
        if (figures.serverErrors() > 0) {
            held = false;
            System.out.println("  5xx answers: " + figures.serverErrors());
        }
        List<String> verdicts = quiet.stream().map(r -> r.path("status").asText()).distinct().toList();
        String verdict = loaded.path("status").asText();
        boolean sameVerdict = verdicts.size() == 1 && verdicts.get(0).equals(verdict);
        held &= sameVerdict;
        System.out.printf("%n%-24s %-28s %-14s %s%n", "figure", "without load (min-max)", "with load", "");
        System.out.printf("%-24s %-28s %-14s %s%n", "verdict", String.join("/", verdicts), verdict,
                sameVerdict ? "unchanged" : "CHANGED");
        for (Figure figure : FIGURES) {
            long min = quiet.stream().mapToLong(r -> figure.of().apply(r)).min().orElseThrow();
            long max = quiet.stream().mapToLong(r -> figure.of().apply(r)).max().orElseThrow();
            long value = figure.of().apply(loaded);
            boolean within = value >= min && value <= max;
            held &= within;
            System.out.printf("%-24s %-28s %-14d %s%n", figure.name(), min + " - " + max, value,
                    within ? "within" : "OUTSIDE");
        }
        System.out.println(held ? "the load changed nothing the run measures" : "the load changed what the run measures");
        return held;
    }
}
