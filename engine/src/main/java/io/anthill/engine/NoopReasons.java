package io.anthill.engine;

/**
 * The reason codes of journal Noop entries, shared with the replication side.
 */
final class NoopReasons
{
    /** A new primary's first op of a view. */
    static final int VIEW_START = 1;
    /** Someone asked for a snapshot; every replica applying it takes one at this op. */
    static final int SNAPSHOT_REQUEST = 2;

    private NoopReasons()
    {
    }
}
