package dev.gameday.verify;

/** A span of time in milliseconds since the run's history began; end is exclusive. */
public record Window(long startMs, long endMs) {

    public long lengthMs() {
        return endMs - startMs;
    }

    public boolean overlaps(Window other) {
        return startMs < other.endMs && other.startMs < endMs;
    }
}
