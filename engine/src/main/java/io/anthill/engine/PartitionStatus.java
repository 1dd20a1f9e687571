package io.anthill.engine;

/**
 * The life cycle of a partition. Transitions happen in one place, {@code Partition}, and only forward.
 */
public enum PartitionStatus
{
    /** Opening the journal and snapshot store and starting the ring. */
    STARTING,
    /** Replaying the journal after the newest valid snapshot; submissions are refused. */
    RECOVERING,
    /** Accepting and applying commands. */
    RUNNING,
    /** Draining the ring before closing. */
    CLOSING,
    /** Closed; the journal is closed. */
    CLOSED,
    /** A stage hit a fatal error (such as a journal write failure); submissions are refused. */
    FAILED
}
