package dev.gameday.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gameday.lab.Lab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Prometheus configuration, alert rules and their unit tests, checked by promtool; runbooks linked. */
class PromtoolIT {

    private final Path root = Lab.projectDir();

    @Test
    void theConfigurationIsValid() throws Exception {
        assertThat(promtool("check", "config", "prometheus/prometheus.yml")).contains("SUCCESS");
    }

    @Test
    void theRulesAreValid() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        ruleFiles().forEach(f -> args.add(root.relativize(f).toString()));
        assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS");
    }

    @Test
    void everyAlertHasATestThatFiresAndOneThatDoesNotAndTheyPass() throws Exception {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        try (Stream<Path> tests = Files.list(root.resolve("prometheus/tests"))) {
            tests.sorted().forEach(f -> args.add(root.relativize(f).toString()));
        }
        assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS").doesNotContain("FAILED");

        String tests = String.join("\n", readAll(root.resolve("prometheus/tests")));
        for (String alert : alerts()) {
            assertThat(tests).as("a test case for " + alert).contains("alertname: " + alert);
        }
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookThatExists() throws Exception {
        for (Path file : ruleFiles()) {
            for (JsonNode group : new YAMLMapper().readTree(file.toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (!rule.has("alert")) {
                        continue;
                    }
                    String alert = rule.get("alert").asText();
                    assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("critical", "warning");
                    assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
                    String runbook = rule.path("annotations").path("runbook_url").asText();
                    assertThat(root.resolve(runbook)).as(alert + " -> " + runbook).isRegularFile();
                }
            }
        }
    }

    private List<String> alerts() throws IOException {
        List<String> alerts = new ArrayList<>();
        for (Path file : ruleFiles()) {
            for (JsonNode group : new YAMLMapper().readTree(file.toFile()).path("groups")) {
                group.path("rules").forEach(r -> {
                    if (r.has("alert")) {
                        alerts.add(r.get("alert").asText());
                    }
                });
            }
        }
        assertThat(alerts).isNotEmpty();
        return alerts;
    }

    private List<Path> ruleFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("prometheus/rules"))) {
            return files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
    }

    private static List<String> readAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> texts = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            return texts;
        }
    }

    private String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
