package dev.gameday.run;

import java.util.Locale;

/**
 * Where a run is, or how it ended. INTERRUPTED: the service stopped (was killed, crashed, lost its
 * host) while the run was in progress; the run keeps the figures of its last checkpoint.
 */
public enum RunStatus {
    RUNNING, PASS, FAIL, ABORTED, SKIPPED, ERROR, INTERRUPTED;

    public boolean finished() {
        return this != RUNNING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
