package dev.gameday.run;

import java.util.Locale;

/**
 * Where a run is. A run walks the phases in this order; one that ends early (aborted, or a phase
 * failed) goes from where it was to {@link #DRAIN} if its probes ran, else to {@link #PERSIST}.
 */
public enum Phase {
    QUEUED, VALIDATE, STEADY_STATE, WARM_UP, FAULTS, RECOVERY, COOL_DOWN, DRAIN, VERIFY, PERSIST;

    /** As reports and logs name it: "steady-state". */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
