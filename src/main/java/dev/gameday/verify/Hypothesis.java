package dev.gameday.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * What must hold for a run to PASS. Counts default to 0 (no anomaly of any kind tolerated); the
 * durations are only checked when given.
 *
 * @param maxUnavailability longest time any partition went without an acknowledged write, while or
 *                          across a fault
 * @param recoveryWithin    from the end of each fault to a healthy cluster (full ISRs, no offline
 *                          partitions, a controller)
 * @param writesRefused     the fault must make some writes fail (e.g. two of three brokers down)
 * @param maxConsumerStall  longest time acknowledged data may wait unread
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hypothesis(Long lostWrites, Long duplicates, Long reorders, Long inconsistentOffsets, Long abortedReads,
                         Long unexpected, Duration maxUnavailability, Duration recoveryWithin, Boolean writesRefused,
                         Duration maxConsumerStall) {

    public Hypothesis {
        lostWrites = lostWrites == null ? 0L : lostWrites;
        duplicates = duplicates == null ? 0L : duplicates;
        reorders = reorders == null ? 0L : reorders;
        inconsistentOffsets = inconsistentOffsets == null ? 0L : inconsistentOffsets;
        abortedReads = abortedReads == null ? 0L : abortedReads;
        unexpected = unexpected == null ? 0L : unexpected;
        writesRefused = writesRefused != null && writesRefused;
    }

    /** No anomaly tolerated, no timing checked. */
    public static Hypothesis strict() {
        return new Hypothesis(null, null, null, null, null, null, null, null, null, null);
    }

    public Hypothesis withMaxUnavailability(Duration max) {
        return new Hypothesis(lostWrites, duplicates, reorders, inconsistentOffsets, abortedReads, unexpected, max,
                recoveryWithin, writesRefused, maxConsumerStall);
    }

    public Hypothesis withRecoveryWithin(Duration within) {
        return new Hypothesis(lostWrites, duplicates, reorders, inconsistentOffsets, abortedReads, unexpected,
                maxUnavailability, within, writesRefused, maxConsumerStall);
    }
}
