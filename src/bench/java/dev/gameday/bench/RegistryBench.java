package dev.gameday.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.lab.IntegrationsLabResource;
import dev.gameday.lab.Lab;
import dev.gameday.lab.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How slowly each schema registry node answers while the other is killed and started again, on an
 * integrations lab of its own (gdint) and the packaged service, as IntegrationsLabIT runs it: the
 * distribution the registry probe's request timeout comes from. The probe runs with a long timeout
 * ({@code timeout}, default 30 s), so that slow answers are measured instead of cut off; per run it
 * prints each node's requests answered and not and its slowest answer, the killed node marked.
 * Run: bench/run.sh registry [runs] [timeout] [experiments dir] (default 10 runs of the tests'
 * registry-node-kill, src/test/resources/experiments-integrations).
 */
public final class RegistryBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String timeout = args.length > 1 ? args[1] : "30s";
        String experiments = args.length > 2 ? args[2] : "src/test/resources/experiments-integrations";
        Lab lab = Lab.withIntegrations();
        List<long[]> survivors = new ArrayList<>();
        try {
            Path data = Files.createDirectories(Lab.projectDir().resolve("target/bench/registry-" + System.currentTimeMillis()));
            Map<String, String> config = new HashMap<>(IntegrationsLabResource.serviceConfig(lab));
            config.put("gameday.registry.request-timeout", timeout);
            config.put("gameday.experiments.dir", Lab.projectDir().resolve(experiments).toString());
            config.put("gameday.schedules.paused", "true");
            try (ServiceProcess service = new ServiceProcess(lab, data, config, Map.of())) {
                service.start().awaitLive();
                for (int i = 1; i <= runs; i++) {
                    lab.awaitIntegrationsHealthy(Duration.ofMinutes(3));
                    JsonNode run = service.awaitEnd(service.startRun("registry-node-kill"), Duration.ofMinutes(5));
                    Files.writeString(data.resolve("run-" + i + ".json"), run.toString());
                    String killed = run.path("steps").path(0).path("targets").path(0).asText("?");
                    int killedIndex = Lab.REGISTRIES.indexOf(killed.substring(killed.indexOf('-') + 1));
                    StringBuilder line = new StringBuilder();
                    for (JsonNode node : run.path("measured").path("registry").path("nodes")) {
                        boolean wasKilled = node.path("node").asText().equals(lab.registryUrl(Lab.REGISTRIES.get(killedIndex)));
                        line.append(String.format("  %s%s answered %d, not %d, slowest %d ms", node.path("node").asText(),
                                wasKilled ? " (killed)" : "", node.path("answered").asLong(),
                                node.path("unanswered").asLong(), node.path("slowestMs").asLong()));
                        if (!wasKilled) {
                            survivors.add(new long[] {node.path("slowestMs").asLong(), node.path("unanswered").asLong()});
                        }
                    }
                    System.out.printf("[registry] run %d/%d %s, failures %d, failovers %d;%s%n", i, runs,
                            run.path("status").asText(), run.path("measured").path("registry").path("failures").asLong(),
                            run.path("measured").path("registry").path("failovers").asLong(), line);
                }
            }
            System.out.println("[registry] runs in " + data);
        } finally {
            lab.close();
        }
        List<Long> slowest = survivors.stream().map(s -> s[0]).sorted().toList();
        System.out.printf("[registry] the node that stayed up, slowest answer per run (ms, sorted): %s; unanswered %s%n",
                slowest, survivors.stream().map(s -> s[1]).toList());
        System.exit(0);
    }
}
