package dev.gameday.run;

import dev.gameday.run.store.RunStore;
import dev.gameday.run.store.UnsavedRuns;
import io.quarkus.logging.Log;
import java.time.Clock;

/**
 * Where a run is saved while it runs (at each checkpoint) and when it ends, and the end of its
 * turn: the database, or the unsaved runs until the database takes it; the listeners told; the
 * runner's place given up ({@code released}); whoever awaits the run woken.
 */
final class StoreRecorder implements RunRecorder {

    private final ActiveRun run;
    private final RunStore store;
    private final UnsavedRuns unsaved;
    private final RunListener listener;
    private final Clock clock;
    private final Runnable released;
    private boolean ended; // guarded by this: no checkpoint after the end overwrites it
    private boolean checkpointFailing; // guarded by this

    StoreRecorder(ActiveRun run, RunStore store, UnsavedRuns unsaved, RunListener listener, Clock clock,
                  Runnable released) {
        this.run = run;
        this.store = store;
        this.unsaved = unsaved;
        this.listener = listener;
        this.clock = clock;
        this.released = released;
    }

    @Override
    public void started(RunReport running) {
        checkpoint(running); // listed while it runs
    }

    @Override
    public synchronized void checkpoint(RunReport running) {
        if (ended) {
            return;
        }
        try {
            store.checkpoint(running, clock.instant());
            if (checkpointFailing) {
                Log.infof("run %s: checkpoints are stored again", run.id);
            }
            checkpointFailing = false;
        } catch (RuntimeException e) {
            if (!checkpointFailing) { // once per spell, not every 10 s
                Log.warnf("run %s: its checkpoint in the %s phase could not be stored (%s); the run goes on",
                        run.id, running.phase(), e.getMessage());
            }
            checkpointFailing = true;
        }
    }

    @Override
    public void ended(RunReport ended) {
        synchronized (this) {
            this.ended = true;
            unsaved.save(ended); // or kept until the database takes it; never throws
        }
        listener.finished(ended);
        released.run();
        run.done.complete(ended);
    }
}
