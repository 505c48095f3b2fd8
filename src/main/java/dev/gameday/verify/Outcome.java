package dev.gameday.verify;

/** How a send ended, as far as the producer can tell. */
public enum Outcome {
    /** No answer yet. */
    PENDING,
    /** Acknowledged, with an offset. */
    OK,
    /** Refused for certain: the record was not written (NotEnoughReplicas, too large, not authorized...). */
    FAIL,
    /** No certain answer (a timeout, a lost connection): it may or may not have been written. */
    INDETERMINATE
}
