package dev.gameday.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.lab.Lab;
import dev.gameday.lab.LabTopics;
import dev.gameday.lab.Leftovers;
import dev.gameday.lab.ServiceProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full disk, on a filesystem of its own: a size-limited tmpfs the test mounts (it needs root) and
 * fills with a file until the kernel says "No space left on device".
 *
 * <p>Only the file under test is on it; the service's log and the rest of its data directory are not.
 * With the fault journal on it, no fault is injected: one over the API is refused (503) and a run
 * ends with one line naming the journal's path, the broker untouched. With the database on it (the
 * journal elsewhere), a run goes on, its verdict is logged and kept (served by the API, spilled next
 * to the journal) and stored once the disk has room again.
 */
class FullDiskIT {

    @RegisterExtension
    static final LabTopics topics = new LabTopics("gameday-it");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> EXPERIMENTS = Map.of(
            "gameday.experiments.dir", Lab.projectDir().resolve("src/test/resources/experiments-it").toString(),
            "gameday.schedules.paused", "true");

    private final Lab lab = Lab.get();
    private SmallDisk disk;

    @AfterEach
    void unmount() {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void aJournalThatCannotBeWrittenInjectsNothingAndTheRunEndsInOneLineNamingItsPath() throws Exception {
        disk = SmallDisk.mount(Files.createTempDirectory(Path.of("target"), "full-journal-"), "8m");
        Path data = Files.createTempDirectory(Path.of("target"), "full-journal-data-"); // the log, the database
        Path journal = disk.dir().resolve("fault-journal.jsonl").toAbsolutePath();
        Map<String, String> config = new HashMap<>(EXPERIMENTS);
        config.put("gameday.safety.journal", journal.toString());
        String broker = lab.containerOfNode(3);
        try (ServiceProcess service = new ServiceProcess(lab, data, config, Map.of())) {
            service.start().awaitLive();
            disk.fill();

            HttpResponse<String> refused = service.post("/api/faults",
                    "{\"fault\": \"pause\", \"target\": {\"role\": \"broker\", \"id\": 3}, \"duration\": \"1m\"}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).path("message").asText())
                    .startsWith("the fault journal " + journal + " cannot be written (")
                    .contains("No space left on device")
                    .endsWith("): no fault is injected without the line that lets a restart revert it");
            assertThat(state(broker)).isEqualTo("running");

            JsonNode run = service.awaitEnd(service.startRun("long-pause"), Duration.ofMinutes(4));
            assertThat(run.path("status").asText()).as(run.toPrettyString()).isEqualTo("ABORTED");
            assertThat(run.path("reasons")).hasSize(1);
            assertThat(run.path("reasons").get(0).asText()).startsWith("step 1 (pause on broker 3) could not be injected: "
                    + "the fault journal " + journal + " cannot be written (");
            assertThat(state(broker)).isEqualTo("running");
            assertThat(Files.readString(service.log())).contains("ended ABORTED");
        }
    }

    @Test
    void aRunWhoseDatabaseIsFullIsLoggedKeptAndStoredOnceThereIsRoom() throws Exception {
        disk = SmallDisk.mount(Files.createTempDirectory(Path.of("target"), "full-database-"), "16m");
        Path journalDir = Files.createTempDirectory(Path.of("target"), "full-database-journal-"); // and the log
        Map<String, String> config = new HashMap<>(EXPERIMENTS);
        config.put("quarkus.datasource.\"h2\".jdbc.url", "jdbc:h2:file:" + disk.dir().resolve("gameday")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        try (ServiceProcess service = new ServiceProcess(lab, journalDir, config, Map.of())) {
            service.start().awaitLive();
            disk.fill();

            String id = service.startRun("quick-throttle");
            JsonNode run = service.awaitEnd(id, Duration.ofMinutes(4));
            assertThat(run.path("status").asText()).as(run.toPrettyString()).isIn("PASS", "FAIL");
            service.awaitLog("run " + id + " of quick-throttle ended " + run.path("status").asText(),
                    Duration.ofSeconds(10));
            service.awaitLog("but the results database did not take it", Duration.ofSeconds(10));
            assertThat(journalDir.resolve("unsaved-runs").resolve(id + ".json")).as("spilled next to the journal").exists();
            assertThat(service.stored("quick-throttle", id)).as("not in the database yet").isFalse();

            disk.free();
            Awaitility.await("the run stored once the disk has room").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> service.stored("quick-throttle", id));
            JsonNode stored = service.run(id);
            assertThat(stored.path("status")).isEqualTo(run.path("status"));
            assertThat(stored.path("measured").path("acknowledged")).isEqualTo(run.path("measured").path("acknowledged"));
            assertThat(journalDir.resolve("unsaved-runs").resolve(id + ".json")).doesNotExist();
            new Leftovers(lab).awaitNone(journalDir.resolve("fault-journal.jsonl"), Duration.ofSeconds(30));
        }
    }

    private static String state(String container) {
        return Lab.Docker.output(Duration.ofSeconds(10), "inspect", "-f", "{{.State.Status}}", container).strip();
    }

    /** A tmpfs of a given size, mounted on a directory under target/ (as root), that can be filled and freed. */
    record SmallDisk(Path dir) implements AutoCloseable {

        static SmallDisk mount(Path dir, String size) {
            Lab.Docker.exec(Duration.ofSeconds(20), List.of("mount", "-t", "tmpfs", "-o", "size=" + size, "gameday-full",
                    dir.toAbsolutePath().toString()), Map.of());
            return new SmallDisk(dir.toAbsolutePath());
        }

        /** Writes a file until the disk is full. */
        void fill() throws IOException {
            byte[] block = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(dir.resolve("filler"))) {
                while (true) {
                    out.write(block);
                }
            } catch (IOException full) {
                if (!String.valueOf(full.getMessage()).contains("No space left on device")) {
                    throw full;
                }
            }
        }

        void free() throws IOException {
            Files.deleteIfExists(dir.resolve("filler"));
        }

        @Override
        public void close() {
            Lab.Docker.exec(Duration.ofSeconds(20), List.of("umount", "-l", dir.toString()), Map.of());
        }
    }
}
