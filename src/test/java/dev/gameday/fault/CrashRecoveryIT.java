package dev.gameday.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.lab.Lab;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, run as its own process, is SIGKILLed while a 10-minute pause is active.
 * Started again, it must find the pause in its journal and revert it within 10 seconds.
 */
class CrashRecoveryIT {

    private final Lab lab = Lab.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopServices() {
        processes.forEach(Process::destroyForcibly);
        if (state(lab.containerOfNode(3)).equals("paused")) { // only when the test failed
            Lab.Docker.output(Duration.ofSeconds(20), "unpause", lab.containerOfNode(3));
        }
    }

    @Test
    void aServiceKilledDuringAPauseUnpausesTheBrokerWithinTenSecondsOfRestarting() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target"), "crash-");
        int port = freePort();
        String broker = lab.containerOfNode(3);

        Process first = start(data, port, "first");
        awaitLive(port);
        HttpResponse<String> injected = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/faults"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"fault\": \"pause\", \"target\": {\"role\": \"broker\", \"id\": 3}, \"duration\": \"10m\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(injected.statusCode()).as(injected.body()).isEqualTo(201);
        assertThat(state(broker)).isEqualTo("paused");

        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no revert
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(state(broker)).isEqualTo("paused");

        long restartedAt = System.nanoTime();
        start(data, port, "second");
        Awaitility.await("broker unpaused by the restarted service").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> state(broker).equals("running"));
        System.out.printf("[crash-recovery] broker unpaused %d ms after the service was started again%n",
                (System.nanoTime() - restartedAt) / 1_000_000);

        Awaitility.await("the revert in the journal").atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readString(data.resolve("fault-journal.jsonl")))
                        .contains("\"state\":\"ACTIVE\"")
                        .contains("\"state\":\"REVERTED\"")
                        .contains("reverted at start-up: the service had stopped while it was ACTIVE"));
    }

    private Process start(Path data, int port, String name) throws IOException {
        Path jar = Lab.projectDir().resolve("target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dgameday.data-dir=" + data.toAbsolutePath()));
        lab.serviceConfig().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(data.resolve(name + ".log").toFile())
                .start();
        processes.add(process);
        return process;
    }

    private void awaitLive(int port) {
        Awaitility.await("service live").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private static String state(String container) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", container).strip();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
