package dev.gameday.run;

import java.util.Locale;

/** Where a run is, or how it ended. */
public enum RunStatus {
    RUNNING, PASS, FAIL, ABORTED, SKIPPED, ERROR;

    public boolean finished() {
        return this != RUNNING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
