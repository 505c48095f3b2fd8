package dev.gameday.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabTopics;
import dev.gameday.lab.Leftovers;
import dev.gameday.lab.ServiceProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Docker engine restarted in the middle of a fault. RUNS LAST: Maven runs it in a Failsafe
 * execution of its own after every other integration test (pom.xml, "engine-restart"), whatever
 * -Dfailsafe.runOrder says, since restarting the engine touches every container on the machine.
 *
 * <p>It needs root and an engine that {@code compose/dockerd.sh} started (compose/images.sh does when
 * no engine answers): with live restore on, so that the restart leaves every container running, and
 * not managed by systemd, so that it can be stopped and started again exactly as that script does.
 * It checks both before it touches anything, and fails saying so otherwise.
 *
 * <p>The packaged service pauses broker 3 for 20 s in a run; the test stops dockerd (SIGTERM) while the
 * pause holds, keeps it down past the step's end (so that the revert meets an engine that is gone),
 * and starts it again with compose/dockerd.sh. While it is down readiness is DOWN naming the engine;
 * after, UP; the pause is reverted, the run goes on to a verdict with its step's window ending after
 * the engine came back, no fault is left active, and nothing is left on the lab.
 */
class DockerRestartIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-kill");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = "unix:///var/run/docker.sock";

    @Test
    void theServiceReconnectsAndRevertsWhatItHoldsWhenTheDockerEngineRestartsAndIsNotReadyWhileItIsGone()
            throws Exception {
        requireAnEngineThatCanBeRestarted();
        Lab lab = Lab.get();
        Leftovers leftovers = new Leftovers(lab);
        String broker = lab.containerOfNode(3);
        Path data = Files.createTempDirectory(Path.of("target"), "engine-restart-");
        try (ServiceProcess service = new ServiceProcess(lab, data, Map.of(
                "gameday.experiments.dir", Lab.projectDir().resolve("src/test/resources/experiments-kill").toString(),
                "gameday.schedules.paused", "true", "gameday.docker.host", ENDPOINT), Map.of())) {
            service.start().awaitLive();
            String id = service.startRun("kill-pause");
            Awaitility.await("the pause of " + broker + " applied").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> service.run(id).path("steps").path(0).hasNonNull("injectedAt"));
            Instant injected = Instant.parse(service.run(id).path("steps").path(0).path("injectedAt").asText());
            assertThat(state(broker)).isEqualTo("paused");

            Instant stopped = stopTheEngine();
            Awaitility.await("readiness DOWN naming the engine").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        HttpResponse<String> ready = service.get("/q/health/ready");
                        assertThat(ready.statusCode()).isEqualTo(503);
                        JsonNode docker = check(ready.body(), "docker");
                        assertThat(docker.path("status").asText()).isEqualTo("DOWN");
                        assertThat(docker.path("data").path("endpoint").asText()).isEqualTo(ENDPOINT);
                        assertThat(docker.path("data").path("error").asText()).contains("Docker at " + ENDPOINT
                                + " did not answer");
                        assertThat(docker.path("data").has("down-since")).isTrue();
                    });
            Duration untilAfterTheStep = Duration.between(Instant.now(), injected.plusSeconds(20 + 2));
            if (!untilAfterTheStep.isNegative()) { // a wait for a moment, not a condition: Awaitility's poll delay
                Awaitility.await("past the step's end, the engine still down").pollDelay(untilAfterTheStep)
                        .atMost(untilAfterTheStep.plusSeconds(5)).until(() -> true);
            }
            assertThat(service.get("/q/health/ready").statusCode()).as("still not ready").isEqualTo(503);

            Instant back = startTheEngine();
            Awaitility.await("readiness UP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(check(service.get("/q/health/ready").body(), "docker")
                            .path("status").asText()).isEqualTo("UP"));
            Awaitility.await(broker + " unpaused once the engine answers").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> state(broker).equals("running"));
            System.out.printf("[engine-restart] engine down %d ms; broker unpaused %d ms after the engine was started "
                    + "again%n", Duration.between(stopped, back).toMillis(), Duration.between(back, Instant.now()).toMillis());

            JsonNode run = service.awaitEnd(id, Duration.ofMinutes(5));
            assertThat(run.path("status").asText()).as("the run went on to a verdict: %s", run.toPrettyString())
                    .isIn("PASS", "FAIL");
            JsonNode step = run.path("steps").path(0);
            assertThat(step.path("outcome").asText()).isEqualTo("reverted");
            assertThat(Instant.parse(step.path("revertedAt").asText())).as("the fault's window ends when it was reverted")
                    .isAfter(stopped);
            assertThat(JSON.readTree(service.get("/api/faults").body())).as("faults still active").isEmpty();
            assertThat(Files.readString(service.log()))
                    .contains("the Docker engine at " + ENDPOINT + " stopped answering")
                    .contains("the Docker engine at " + ENDPOINT + " answers again after");
            leftovers.awaitNone(data.resolve("fault-journal.jsonl"), Duration.ofSeconds(60));
        } finally {
            if (!engineAnswers()) {
                startTheEngine(); // never leave the machine without its engine
            }
        }
    }

    /** Root, live restore on, an engine compose/dockerd.sh can start again (not one systemd manages): else touch nothing. */
    private static void requireAnEngineThatCanBeRestarted() {
        String liveRestore = Lab.Docker.output(Duration.ofSeconds(20), "info", "-f", "{{.LiveRestoreEnabled}}").strip();
        assertThat(liveRestore).as("this test restarts the Docker engine, which stops every container unless live "
                + "restore is on: start dockerd with compose/dockerd.sh (compose/images.sh does when no engine answers), "
                + "or set \"live-restore\": true in /etc/docker/daemon.json; nothing was touched").isEqualTo("true");
        assertThat(shell("id -u").strip()).as("this test stops and starts dockerd: run it as root; nothing was touched")
                .isEqualTo("0");
        assertThat(shell("systemctl is-active docker 2>/dev/null || true").strip())
                .as("dockerd is managed by systemd, which would restart it by itself; nothing was touched")
                .isNotEqualTo("active");
        assertThat(shell("pidof dockerd || true").strip()).as("no dockerd process to restart; nothing was touched")
                .isNotEmpty();
    }

    private static Instant stopTheEngine() {
        String pid = shell("pidof dockerd").strip();
        shell("kill -TERM " + pid);
        Awaitility.await("dockerd " + pid + " gone").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> shell("kill -0 " + pid + " 2>/dev/null && echo alive || echo gone").strip().equals("gone"));
        assertThat(engineAnswers()).as("an engine still answers after dockerd %s stopped", pid).isFalse();
        return Instant.now();
    }

    /** Exactly as compose/images.sh starts one: compose/dockerd.sh. */
    private static Instant startTheEngine() {
        Instant at = Instant.now();
        Lab.Docker.exec(Duration.ofSeconds(90), List.of("bash", Lab.projectDir().resolve("compose/dockerd.sh").toString()),
                Map.of());
        return at;
    }

    private static boolean engineAnswers() {
        return shell("docker info >/dev/null 2>&1 && echo yes || echo no").strip().equals("yes");
    }

    private static String shell(String command) {
        return Lab.Docker.exec(Duration.ofSeconds(60), List.of("bash", "-c", command), Map.of());
    }

    private static String state(String container) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", container).strip();
    }

    private static JsonNode check(String health, String name) throws Exception {
        for (JsonNode check : JSON.readTree(health).path("checks")) {
            if (check.path("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }
}
