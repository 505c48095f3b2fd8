package dev.gameday.run;

import java.util.List;

/** Told of every run that ends (or is skipped), on the run's thread: the metrics, the notifications. */
public interface RunListener {

    void finished(RunReport run);

    /** Every listener, told in turn. */
    static RunListener all(List<RunListener> listeners) {
        return run -> listeners.forEach(l -> l.finished(run));
    }
}
