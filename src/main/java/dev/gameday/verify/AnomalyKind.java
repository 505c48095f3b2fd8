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
    EARLY_READ("early-read", "earlyReads", "records read before their commit");

    private final String id;
    private final String key;
    private final String label;

    AnomalyKind(String id, String key, String label) {
        this.id = id;
        this.key = key;
        this.label = label;
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
