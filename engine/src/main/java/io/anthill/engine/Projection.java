package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A read model: consumes a partition's events in order on its own thread and answers queries from what it has seen.
 * It is rebuilt by replaying the journal, on the primary and on every follower alike, so it must be deterministic
 * in its events.
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
}
