package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A read model: consumes a partition's events in order on its own thread and answers queries from what it has seen.
 * It is rebuilt by replaying the journal, on the primary and on every follower alike, so it must be deterministic
 * in its events.
 * <p>
 * A read model that implements {@link #writeSnapshot} and {@link #loadSnapshot} is carried in the partition's
 * snapshots, so recovery and a replica installed from a peer's snapshot start from the snapshot instead of replaying
 * the journal from op 1, and a single-node partition whose read models all snapshot may trim its journal
 * (docs/engine.md, "Read-model snapshots").
 */
public interface Projection
{
    /**
     * @return a stable name, used by tools to pick projections to rebuild.
     */
    String name();

    /**
     * Applies one event.
     *
     * @param position the op number of the command that emitted it.
     * @param buffer   holds the event, valid only during the call.
     * @param offset   where it starts.
     * @param length   its length.
     */
    void onEvent(long position, DirectBuffer buffer, int offset, int length);

    /**
     * Answers a query from the current state.
     *
     * @param query          holds the query, valid only during the call.
     * @param offset         where it starts.
     * @param length         its length.
     * @param response       an expandable buffer to write the answer into.
     * @param responseOffset where to start writing.
     * @return the number of bytes written, or a negative number if this projection does not answer such a query.
     */
    int onQuery(DirectBuffer query, int offset, int length, MutableDirectBuffer response, int responseOffset);

    /**
     * @return a digest of the read model's state, equal after the same events.
     */
    long digest();

    /**
     * Writes the read model's whole state, on its own thread, right after it applied the events of the op a
     * partition snapshot is taken at. Called only when a snapshot is taken (and once at launch, to learn whether the
     * read model snapshots at all), never per event.
     *
     * @param buffer an expandable buffer: writing past its capacity grows it.
     * @param offset where to start writing.
     * @return the number of bytes written, or -1 if this read model cannot snapshot (the default): the partition's
     * snapshots then hold only the partition state and recovery rebuilds read models from op 1.
     */
    default int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        return -1;
    }

    /**
     * Replaces the whole state with one written by {@link #writeSnapshot}; afterwards {@link #digest()} equals the
     * digest the read model had when the snapshot was written. Called before the read model's thread starts.
     *
     * @param buffer holds the state, valid only during the call.
     * @param offset where it starts.
     * @param length its length.
     * @throws UnsupportedOperationException unless the read model implements {@link #writeSnapshot} (the default).
     */
    default void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        throw new UnsupportedOperationException("read model " + name() + " does not load snapshots");
    }
}
