package dev.gameday.time;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Sends at a steady rate: each send waits for its slot, one every 1/rate s; a rate of 0 never waits. */
public final class Pacer {

    private final long intervalNanos;
    private long next = System.nanoTime();

    public Pacer(int perSecond) {
        this.intervalNanos = perSecond == 0 ? 0 : 1_000_000_000L / perSecond;
    }

    public boolean fullSpeed() {
        return intervalNanos == 0;
    }

    /** Waits for the next slot; false when {@code running} turned false meanwhile. */
    public boolean awaitSlot(BooleanSupplier running) {
        if (intervalNanos == 0) {
            return running.getAsBoolean();
        }
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
            if (!running.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(wait);
        }
        next += intervalNanos;
        return running.getAsBoolean();
    }
}
