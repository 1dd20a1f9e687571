package io.anthill.engine;

/**
 * What happened to a submission, returned at once: a partition never blocks the caller's thread, so a full ring is
 * an answer ({@link #OVERLOADED}), not a wait.
 */
public enum SubmitResult
{
    /** Claimed a ring slot; the command will be journaled and applied, and its response delivered. */
    ACCEPTED,
    /** No free slot in the ring; nothing was claimed. Retry later or shed the request. */
    OVERLOADED,
    /** The payload is longer than the configured maximum; nothing was claimed. */
    PAYLOAD_TOO_LARGE,
    /** This partition is a follower; commands must go to the primary. */
    NOT_PRIMARY,
    /** A replicated entry's op is not the next op of this partition's log. */
    OP_OUT_OF_ORDER,
    /** The partition is starting, closing, closed or failed. */
    NOT_RUNNING,
    /** A read named a read model the partition does not have. */
    UNKNOWN_READ_MODEL
}
