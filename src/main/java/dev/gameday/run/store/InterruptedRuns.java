package dev.gameday.run.store;

import dev.gameday.run.RunListener;
import dev.gameday.run.RunReport;
import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * What the service's last life left unfinished, settled at its start: runs that ended but could not
 * be stored are stored first; then the runs it was in the middle of are closed INTERRUPTED.
 */
@ApplicationScoped
public class InterruptedRuns {

    private final RunStore store;
    private final UnsavedRuns unsaved;
    private final RunListener listener;
    private final Clock clock;
    private volatile Instant started;
    private boolean closed; // guarded by this
    private boolean failing; // guarded by this

    public InterruptedRuns(RunStore store, UnsavedRuns unsaved, @All List<RunListener> listeners, Clock clock) {
        this.store = store;
        this.unsaved = unsaved;
        this.listener = RunListener.all(listeners);
        this.clock = clock;
    }

    void onStart(@Observes @Priority(30) StartupEvent event) {
        started = clock.instant();
        unsaved.storeSpilled();
        close();
    }

    /** A database that did not take them at the start is asked again as often as runs are checkpointed. */
    @Scheduled(every = "${gameday.runs.checkpoint-every:10s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        if (started != null) {
            close();
        }
    }

    /**
     * Runs the database shows in progress from before this service started were cut short when it
     * stopped: they end INTERRUPTED with the figures of their last checkpoint, and are counted and
     * notified as ended, so that no run is left RUNNING. Once: the first tick can come while the start
     * is still closing them (it counted them twice).
     */
    private synchronized void close() {
        if (closed) {
            return;
        }
        List<RunReport> interrupted;
        try {
            interrupted = store.closeAbandoned(started, clock.instant());
        } catch (RuntimeException e) {
            if (!failing) {
                Log.errorf("runs left in progress by the service's last stop could not be closed (%s); tried again "
                        + "every checkpoint", e.getMessage());
            }
            failing = true;
            return;
        }
        closed = true;
        for (RunReport run : interrupted) {
            Log.warnf("run %s of %s was in progress when the service stopped: recorded as INTERRUPTED (%s)", run.id(),
                    run.experiment(), run.reasons().get(run.reasons().size() - 1));
            listener.finished(run);
        }
    }
}
