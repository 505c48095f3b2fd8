package dev.gameday.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * What {@link LabStarter} and the tests' JVM tell each other through files in target/test-lab/:
 * KEY.pid (the starter is at work), KEY.ready or KEY.failed (how it ended), KEY.adopted (the tests
 * took the lab; the starter leaves it to them). KEY names the lab and its topology, so that a lab of
 * another topology is never taken for it.
 */
final class Prestart {

    private final Path dir = Lab.projectDir().resolve("target/test-lab");
    private final String key;

    Prestart(String name, boolean dedicatedControllers) {
        this.key = name + (dedicatedControllers ? "-controllers" : "-combined");
    }

    void starting() {
        clear();
        ProcessHandle self = ProcessHandle.current();
        write("pid", self.pid() + " " + self.info().startInstant().map(Object::toString).orElse("?"));
    }

    void ready(Duration took) {
        write("ready", String.valueOf(took.toMillis()));
    }

    void failed(RuntimeException e) {
        write("failed", String.valueOf(e.getMessage()));
    }

    boolean adopted() {
        return Files.exists(file("adopted"));
    }

    /** What became of a start during the build: the lab is up and now the caller's, it failed, or none ran. */
    sealed interface Outcome {
        record Ready(Duration took) implements Outcome {}

        record Failed(String why) implements Outcome {}

        record None() implements Outcome {}
    }

    /**
     * Waits up to {@code within} for a starter still at work; takes the lab when it is ready. A starter
     * that is gone without saying ready (killed, or a file of an earlier build) leaves nothing to take.
     */
    Outcome adopt(Duration within) {
        // a pid file of an earlier build may name a process that has nothing to do with it by now: the
        // starter is the process of that id that started when it says it did
        Optional<ProcessHandle> starter = read("pid").map(line -> line.strip().split(" ", 2)).flatMap(pid ->
                ProcessHandle.of(Long.parseLong(pid[0])).filter(process -> pid.length == 2
                        && process.info().startInstant().map(Object::toString).orElse("").equals(pid[1])));
        if (starter.isEmpty() || !starter.get().isAlive()) {
            return new Outcome.None();
        }
        Awaitility.await("the lab started during the build").atMost(within).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(file("ready")) || Files.exists(file("failed")) || !starter.get().isAlive());
        Optional<String> failed = read("failed");
        if (failed.isPresent()) {
            return new Outcome.Failed(failed.get());
        }
        Optional<String> ready = read("ready");
        if (ready.isEmpty()) {
            return new Outcome.None();
        }
        write("adopted", String.valueOf(ProcessHandle.current().pid()));
        return new Outcome.Ready(Duration.ofMillis(Long.parseLong(ready.get().strip())));
    }

    void clear() {
        for (String suffix : new String[] {"pid", "ready", "failed", "adopted"}) {
            try {
                Files.deleteIfExists(file(suffix));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Path file(String suffix) {
        return dir.resolve(key + "." + suffix);
    }

    private void write(String suffix, String content) {
        try {
            Files.createDirectories(dir);
            Path partial = file(suffix + ".partial");
            Files.writeString(partial, content);
            Files.move(partial, file(suffix), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<String> read(String suffix) {
        try {
            return Files.exists(file(suffix)) ? Optional.of(Files.readString(file(suffix))) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
