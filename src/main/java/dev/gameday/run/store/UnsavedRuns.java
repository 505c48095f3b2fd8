package dev.gameday.run.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.json.GamedayJackson;
import dev.gameday.run.RunReport;
import dev.gameday.target.SafetyConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs that ended while the results database could not take them (a full disk, a database that is
 * down). Neither the verdict nor the figures are lost: the run is kept in memory, and spilled as one
 * JSON file into {@code unsaved-runs/} next to the fault journal when that disk takes it, and stored
 * as soon as the database takes it again: tried every 10 s, and at the next start for what a stopped
 * service spilled. While kept, a run is served from here.
 */
@ApplicationScoped
public class UnsavedRuns {

    private final Consumer<RunReport> store;
    private final Path dir;
    private final ObjectMapper json = GamedayJackson.json();
    private final Map<String, RunReport> kept = new ConcurrentHashMap<>();

    @Inject
    public UnsavedRuns(RunStore store, SafetyConfig safety) {
        this(store::save, safety.journal().toAbsolutePath().resolveSibling("unsaved-runs"));
    }

    /** @param store what stores a run in the database; it throws when the database does not take it */
    UnsavedRuns(Consumer<RunReport> store, Path dir) {
        this.store = store;
        this.dir = dir;
    }

    /** Stores the run, or keeps it until it can be stored; never throws. */
    public void save(RunReport run) {
        try {
            store.accept(run);
        } catch (RuntimeException e) {
            kept.put(run.id(), run);
            Log.errorf("run %s of %s ended %s, but the results database did not take it (%s): kept in memory%s, and "
                    + "stored as soon as the database takes it", run.id(), run.experiment(), run.status(),
                    e.getMessage(), spill(run));
        }
    }

    /** A run kept because the database did not take it. */
    public Optional<RunReport> find(String id) {
        return Optional.ofNullable(kept.get(id));
    }

    /** Tries to store every kept run again. */
    @Scheduled(every = "${gameday.runs.unsaved-retry-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void retry() {
        for (RunReport run : List.copyOf(kept.values())) {
            try {
                store.accept(run);
            } catch (RuntimeException stillNot) {
                Log.debugf("run %s: the results database still does not take it: %s", run.id(), stillNot.getMessage());
                return; // the others would fail alike; next time
            }
            kept.remove(run.id());
            forget(run.id());
            Log.infof("run %s of %s (%s) is stored now: the results database takes runs again", run.id(),
                    run.experiment(), run.status());
        }
    }

    /** At start, before runs left in progress are closed: what a stopped service could not store, it stores now. */
    void storeSpilled() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : files) {
                try {
                    RunReport run = json.readValue(file.toFile(), RunReport.class);
                    kept.put(run.id(), run);
                    Log.warnf("run %s of %s (%s) was spilled to %s by the service's last life: storing it now",
                            run.id(), run.experiment(), run.status(), file);
                } catch (IOException unreadable) {
                    Log.errorf("the unsaved run %s cannot be read (%s): left there for a person to look at", file,
                            unreadable.getMessage());
                }
            }
        } catch (IOException e) {
            Log.errorf("the unsaved runs in %s could not be read (%s); they stay there", dir, e.getMessage());
        }
        retry();
    }

    /** " and spilled to FILE", or why not: the same full disk may hold the spill directory. */
    private String spill(RunReport run) {
        Path file = dir.resolve(run.id() + ".json");
        try {
            Files.createDirectories(dir);
            json.writeValue(file.toFile(), run);
            return " and spilled to " + file;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file); // no half-written run to read back
            } catch (IOException ignored) {
                // it is read back at the next start and skipped with the rest if it cannot be
            }
            return " (not spilled to " + file + ": " + e.getMessage() + ")";
        }
    }

    private void forget(String id) {
        try {
            Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (IOException e) {
            Log.warnf("run %s is stored, but its spill file in %s could not be deleted (%s); the next start stores it "
                    + "again, which changes nothing", id, dir, e.getMessage());
        }
    }
}
