package dev.gameday.verify;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every kind of anomaly the verifier counts: one enumeration, so that counting, the hypothesis and
 * the report are loops over it. Each kind has its id (in reports and metrics), the hypothesis key
 * that allows some of it, and what a reason calls it.
 */
public enum AnomalyKind {
    /** Acknowledged, and proven absent by the final read of the log. */
    LOST("lost", "lostWrites", "lost writes"),
    /** Acknowledged, and not read because the final read gave up first: apart from lost, never counted as lost. */
    UNSEEN("unseen", "unseen", "unseen writes"),
    /** The same message at a second offset. */
    DUPLICATE("duplicate", "duplicates", "duplicates"),
    /** Within a partition, a sequence number below one already read. */
    REORDER("reorder", "reorders", "reordered reads"),
    /** Read at another offset than its acknowledgement reported. */
    INCONSISTENT_OFFSET("inconsistent-offset", "inconsistentOffsets", "inconsistent offsets"),
    /** Read although its send failed for certain, or its transaction was aborted. */
    ABORTED_READ("aborted-read", "abortedReads", "aborted reads"),
    /** A record this run did not write. */
    UNEXPECTED("unexpected", "unexpected", "unexpected records"),
    /** A record delivered to the group again after a commit of the group had passed it. */
    REDELIVERY("redelivery", "redeliveries", "redeliveries"),
    /** An offset the group committed past that no member of the group ever processed. */
    SKIP("skip", "skips", "skips"),
    /** One member's polls of a partition went back, with no rebalance in between. */
    NON_MONOTONIC_POLL("non-monotonic-poll", "nonMonotonicPolls", "non-monotonic polls"),
    /** One member's polls of a partition jumped over a record it should have had, with no rebalance in between. */
    POLL_SKIP("poll-skip", "pollSkips", "poll skips"),
    /** A committed transaction none of whose records the final read found. */
    LOST_TRANSACTION("lost-transaction", "lostTransactions", "lost transactions"),
    /** A committed transaction some, but not all, of whose records the final read found. */
    TORN_TRANSACTION("torn-transaction", "tornTransactions", "torn transactions"),
    /** A record of a transaction read before the producer called commitTransaction(). */
    EARLY_READ("early-read", "earlyReads", "records read before their commit"),
    /** Acknowledged, and not in the pipeline's copy downstream when the pipeline's drain ended. */
    PIPELINE_LOST("pipeline-lost", "pipelineLost", "records lost downstream"),
    /**
     * A record the pipeline copied downstream a second time. Counted, and allowed unless the
     * hypothesis limits it: at least once is what Kafka Connect promises.
     */
    PIPELINE_DUPLICATE("pipeline-duplicate", "pipelineDuplicates", "records copied twice downstream", Long.MAX_VALUE),
    /** A schema registration or lookup of the registry probe that no registry node answered. */
    REGISTRY_FAILURE("registry-failure", "registryFailures", "schema registry requests no node answered");

    private final String id;
    private final String key;
    private final String label;
    private final long allowedByDefault;

    AnomalyKind(String id, String key, String label) {
        this(id, key, label, 0);
    }

    AnomalyKind(String id, String key, String label, long allowedByDefault) {
        this.id = id;
        this.key = key;
        this.label = label;
        this.allowedByDefault = allowedByDefault;
    }

    /** How many a run may have when its hypothesis does not say: none, but for what a system promises to repeat. */
    public long allowedByDefault() {
        return allowedByDefault;
    }

    /** As reports, pages and metrics name it: "inconsistent-offset". */
    public String id() {
        return id;
    }

    /** The hypothesis field that allows some of it: "inconsistentOffsets". */
    public String key() {
        return key;
    }

    /** As a verdict's reason names it: "inconsistent offsets". */
    public String label() {
        return label;
    }

    public static Optional<AnomalyKind> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static Optional<AnomalyKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
