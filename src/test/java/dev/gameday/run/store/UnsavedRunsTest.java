package dev.gameday.run.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.run.RunReport;
import dev.gameday.run.RunStatus;
import dev.gameday.web.RunFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run whose end the database does not take is kept, spilled, and stored once the database takes it again. */
class UnsavedRunsTest {

    @TempDir
    Path dir;

    /** A database that refuses every write until {@code full} is false, and remembers what it took. */
    static final class FakeDatabase implements Consumer<RunReport> {
        boolean full = true;
        final List<RunReport> stored = new ArrayList<>();

        @Override
        public void accept(RunReport run) {
            if (full) {
                throw new IllegalStateException("Writing to /data/gameday.mv.db failed; No space left on device");
            }
            stored.add(run);
        }
    }

    final FakeDatabase database = new FakeDatabase();
    final RunReport failed = RunFixtures.failed("leader-kill", Instant.parse("2026-11-28T09:00:00Z"));

    @Test
    void aRunTheDatabaseRefusesIsKeptSpilledAndStoredOnceItTakesRunsAgain() {
        Path spill = dir.resolve("unsaved-runs");
        UnsavedRuns unsaved = new UnsavedRuns(database, spill);

        unsaved.save(failed);
        assertThat(unsaved.find(failed.id())).contains(failed);
        assertThat(spill.resolve(failed.id() + ".json")).exists();

        unsaved.retry();
        assertThat(database.stored).isEmpty();
        assertThat(unsaved.find(failed.id())).isPresent();

        database.full = false;
        unsaved.retry();
        assertThat(database.stored).containsExactly(failed);
        assertThat(unsaved.find(failed.id())).isEmpty();
        assertThat(spill.resolve(failed.id() + ".json")).doesNotExist();
    }

    @Test
    void whatAStoppedServiceSpilledIsStoredAtTheNextStartAsItWas() {
        Path spill = dir.resolve("unsaved-runs");
        new UnsavedRuns(database, spill).save(failed);

        database.full = false;
        new UnsavedRuns(database, spill).storeSpilled();

        assertThat(database.stored).singleElement().satisfies(run -> {
            assertThat(run.id()).isEqualTo(failed.id());
            assertThat(run.status()).isEqualTo(RunStatus.FAIL);
            assertThat(run.reasons()).isEqualTo(failed.reasons());
            assertThat(run.measured()).isEqualTo(failed.measured());
            assertThat(run.timeline()).isEqualTo(failed.timeline());
            assertThat(run.steps()).isEqualTo(failed.steps());
        });
        assertThat(spill.resolve(failed.id() + ".json")).doesNotExist();
    }

    @Test
    void aRunIsKeptInMemoryEvenWhenItCannotBeSpilled() throws Exception {
        Path notADirectory = Files.createFile(dir.resolve("unsaved-runs"));
        UnsavedRuns unsaved = new UnsavedRuns(database, notADirectory);

        unsaved.save(failed);
        assertThat(unsaved.find(failed.id())).contains(failed);

        database.full = false;
        unsaved.retry();
        assertThat(database.stored).containsExactly(failed);
    }

    @Test
    void aRunTheDatabaseTakesIsNeitherKeptNorSpilled() {
        database.full = false;
        UnsavedRuns unsaved = new UnsavedRuns(database, dir.resolve("unsaved-runs"));

        unsaved.save(failed);
        assertThat(database.stored).containsExactly(failed);
        assertThat(unsaved.find(failed.id())).isEmpty();
        assertThat(dir.resolve("unsaved-runs")).doesNotExist();
    }
}
