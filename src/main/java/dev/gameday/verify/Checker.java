package dev.gameday.verify;

import java.util.List;

/**
 * What one probe's records show: its named figures and the anomalies it found. The verdict is policy
 * applied on top ({@link Verifier#verdict}). A new probe brings its checker; {@link Verifier#analyze}
 * runs them all on one run's {@link Checks}.
 *
 * @param <F> the probe's figures
 */
interface Checker<F> {

    /** What the records show; {@link Found#none()} when the probe did not run. */
    Found<F> check(Checks run);

    /** A checker's figures (null when its probe did not run) and its anomalies, in the order found. */
    record Found<F>(F figures, List<Analysis.Anomaly> anomalies) {

        static <F> Found<F> none() {
            return new Found<>(null, List.of());
        }
    }
}
