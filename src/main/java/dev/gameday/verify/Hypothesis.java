package dev.gameday.verify;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What must hold for a run to PASS: an allowance per {@link AnomalyKind} (written by the kind's key,
 * {@code lostWrites: 0}, {@code redeliveries: 100}; a kind not given is allowed its default, 0 for all
 * but the pipeline's duplicates), and the timings,
 * each checked only when given.
 *
 * @param allowances        the kinds given, with how many of each are allowed
 * @param maxUnavailability longest time any partition went without an acknowledged write, while or
 *                          across a fault
 * @param recoveryWithin    from the end of each fault to a healthy cluster (full ISRs, no offline
 *                          partitions, a controller)
 * @param writesRefused     the fault must make some writes fail (e.g. two of three brokers down)
 * @param maxConsumerStall  longest time acknowledged data may wait unread by the live consumer
 * @param maxRebalance      for each fault, longest time from it to a stable group with every partition
 *                          assigned (the group probe)
 * @param maxResume         for each fault, longest time acknowledged data of a partition may wait for the
 *                          group to process it, over waits that overlap the fault (the group probe)
 */
@JsonDeserialize(using = HypothesisJson.Reader.class)
@JsonSerialize(using = HypothesisJson.Writer.class)
public record Hypothesis(Map<AnomalyKind, Long> allowances, Duration maxUnavailability, Duration recoveryWithin,
                        boolean writesRefused, Duration maxConsumerStall, Duration maxRebalance, Duration maxResume) {

    public Hypothesis {
        EnumMap<AnomalyKind, Long> given = new EnumMap<>(AnomalyKind.class);
        if (allowances != null) {
            given.putAll(allowances);
        }
        allowances = Collections.unmodifiableMap(given);
    }

    /** No anomaly tolerated, no timing checked. */
    public static Hypothesis strict() {
        return new Hypothesis(Map.of(), null, null, false, null, null, null);
    }

    /** How many of a kind a run may have and still pass. */
    public long allowed(AnomalyKind kind) {
        return allowances.getOrDefault(kind, kind.allowedByDefault());
    }

    public Hypothesis allowing(AnomalyKind kind, long count) {
        Map<AnomalyKind, Long> more = new EnumMap<>(AnomalyKind.class);
        more.putAll(allowances);
        more.put(kind, count);
        return new Hypothesis(more, maxUnavailability, recoveryWithin, writesRefused, maxConsumerStall, maxRebalance,
                maxResume);
    }

    public Hypothesis withMaxUnavailability(Duration max) {
        return new Hypothesis(allowances, max, recoveryWithin, writesRefused, maxConsumerStall, maxRebalance, maxResume);
    }

    public Hypothesis withRecoveryWithin(Duration within) {
        return new Hypothesis(allowances, maxUnavailability, within, writesRefused, maxConsumerStall, maxRebalance,
                maxResume);
    }
}
