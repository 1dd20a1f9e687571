package io.anthill.replication.core;

/**
 * Deliberately broken protocol variants, switched on only by tests, so that the simulator proves it catches
 * each kind of bug (issue 6). Production code always runs {@link #NONE}.
 */
public enum ProtocolDefect
{
    /** The correct protocol. */
    NONE,
    /** The primary commits an op as soon as it appended it, without a quorum of prepare-oks. */
    COMMIT_WITHOUT_QUORUM,
    /** A follower accepts prepares from an older view (no fencing). */
    ACCEPT_OLDER_VIEW_PREPARE,
    /** The new primary takes the log with the lowest claim instead of the highest (last normal view, op). */
    WRONG_LOG_CHOICE
}
