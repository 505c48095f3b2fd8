package dev.gameday.probe;

/** Told of every send's end, as it happens; the metrics listen. */
public interface ProbeListener {

    ProbeListener NONE = new ProbeListener() {
        public void acknowledged(long latencyNanos) {}

        public void failed(boolean definite) {}
    };

    void acknowledged(long latencyNanos);

    void failed(boolean definite);
}
