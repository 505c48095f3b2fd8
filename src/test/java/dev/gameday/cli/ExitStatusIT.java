package dev.gameday.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.api.ApiCredentials;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabTopics;
import dev.gameday.lab.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The game day's exit status, as a pipeline sees it: compose/lab.sh gameday (through bin/gameday)
 * against the real service and lab, with a suite that passes, one certain to fail and one that ends
 * ABORTED; and a service that cannot be reached. 0 PASS, 1 FAIL, 2 anything else.
 */
class ExitStatusIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-exit");

    static ServiceProcess service;
    static Path password;

    record Outcome(int status, String output) {}

    @BeforeAll
    static void startService() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "exit-status-");
        password = Files.writeString(data.resolve("operator.password"), ApiCredentials.OPERATOR_PASSWORD);
        service = new ServiceProcess(data, Map.of("gameday.experiments.dir",
                Lab.projectDir().resolve("src/test/resources/experiments-exit").toString()), Map.of());
        service.start().awaitLive();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    private static Outcome gameday(String url, String... args) throws Exception {
        Path output = Files.createTempFile(Path.of("target"), "lab-gameday", ".log");
        ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of("bash",
                Lab.projectDir().resolve("compose/lab.sh").toString(), "gameday")))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.command().addAll(List.of(args));
        builder.environment().putAll(Map.of("GAMEDAY_URL", url, "GAMEDAY_PASSWORD_FILE", password.toString(),
                "GAMEDAY_POLL", "1s"));
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("compose/lab.sh gameday %s ended", List.of(args)).isTrue();
        String text = Files.readString(output, StandardCharsets.UTF_8);
        System.out.printf("[exit-status] compose/lab.sh gameday %s -> %d%n%s%n", String.join(" ", args),
                process.exitValue(), text);
        return new Outcome(process.exitValue(), text);
    }

    @Test
    void aSuiteThatPassesExitsZero() throws Exception {
        Outcome outcome = gameday(service.url(), "exit-pass");
        assertThat(outcome.output()).contains("game day exit-pass: PASS");
        assertThat(outcome.status()).isZero();
    }

    @Test
    void aSuiteWhosePromiseIsBrokenExitsOneWithItsReasonAndWritesItsJunitFile() throws Exception {
        Path junit = Files.createTempFile(Path.of("target"), "exit-fail", ".xml");
        Outcome outcome = gameday(service.url(), "exit-fail", "--junit", junit.toString());
        assertThat(outcome.output()).contains("game day exit-fail: FAIL").contains("unavailability: ")
                .doesNotContain(": PASS");
        assertThat(outcome.status()).isEqualTo(1);
        assertThat(Files.readString(junit)).contains("<testcase", "name=\"exit-fail\"", "<failure");
    }

    @Test
    void aSuiteThatEndsAbortedExitsTwo() throws Exception {
        Outcome outcome = gameday(service.url(), "exit-abort");
        assertThat(outcome.output()).contains("game day exit-abort: ABORTED").contains("abort condition")
                .doesNotContain(": PASS");
        assertThat(outcome.status()).isEqualTo(2);
    }

    @Test
    void aServiceThatCannotBeReachedExitsTwoAndSaysSo() throws Exception {
        Outcome outcome = gameday("http://127.0.0.1:1", "exit-pass");
        assertThat(outcome.output()).contains("cannot be reached").doesNotContain("PASS");
        assertThat(outcome.status()).isEqualTo(2);
    }

    @Test
    void anUnknownSuiteExitsTwoNamingTheKnownOnes() throws Exception {
        Outcome outcome = gameday(service.url(), "no-such-suite");
        assertThat(outcome.output()).contains("no suite 'no-such-suite'").contains("exit-pass");
        assertThat(outcome.status()).isEqualTo(2);
    }
}
