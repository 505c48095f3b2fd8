package dev.gameday;

import dev.gameday.time.Threads;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * FOR TESTS ONLY: holds the service's thread at a named point of a run, so that a test can SIGKILL
 * the process exactly there; some of these windows last under 250 ms, too short to hit by timing.
 * Inert unless the test-only property {@code gameday.test.halt-at} names a point: in production it
 * is never set, and {@link #reach} is one comparison with null.
 */
@ApplicationScoped
public class HaltPoints {

    /** What a test waits for in the service's log before it kills the process. */
    public static final String LOG_LINE = "test hook: halted at ";

    /** Nowhere: what unit tests and anything outside Quarkus use. */
    public static final HaltPoints NONE = new HaltPoints((Point) null);

    /** Where a run can be held. */
    public enum Point {
        /** A run's steady-state phase, before anything is injected. */
        STEADY_STATE,
        /** A fault's INJECTING line is on disk; its Docker calls are not made yet. */
        JOURNAL_WRITTEN,
        /** A fault is applied and journalled ACTIVE. */
        MID_FAULT,
        /** A fault's first effect is reverted; the journal does not say so yet. */
        MID_REVERT,
        /** A run's drain phase: producing stopped, the final read not done. */
        DRAIN;

        /** As the property names it: "journal-written". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Point haltAt;

    @Inject
    public HaltPoints(@ConfigProperty(name = "gameday.test.halt-at") Optional<String> haltAt) {
        this(haltAt.map(HaltPoints::point).orElse(null));
        if (this.haltAt != null) {
            Log.warnf("gameday.test.halt-at=%s: this service holds the first thread that reaches that point for good; "
                    + "never set it outside a test", this.haltAt.label());
        }
    }

    private HaltPoints(Point haltAt) {
        this.haltAt = haltAt;
    }

    /** Holds the calling thread for good when {@code point} is the one to halt at; otherwise returns at once. */
    public void reach(Point point, String where) {
        if (point != haltAt) {
            return;
        }
        Log.warnf("%s%s (%s); this thread waits here until the process is killed", LOG_LINE, point.label(), where);
        Threads.holdForever(this);
    }

    private static Point point(String label) {
        return Arrays.stream(Point.values()).filter(p -> p.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("gameday.test.halt-at: '" + label + "' is no halt point "
                        + "(known: " + Arrays.stream(Point.values()).map(Point::label).toList() + ")"));
    }
}
