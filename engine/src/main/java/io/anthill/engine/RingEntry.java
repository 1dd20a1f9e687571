package io.anthill.engine;

import org.agrona.DirectBuffer;

/**
 * A read-only view of one entry in a partition's ring, as the journal and replication stages see it: the same
 * header and SBE body the journal stores. Valid only during the call it is passed to.
 */
public interface RingEntry
{
    /**
     * @return where the entry came from.
     */
    EntrySource source();

    /**
     * @return the view in which the primary ordered it.
     */
    long view();

    /**
     * @return its op number: dense from 1, equal to the ring's order.
     */
    long op();

    /**
     * @return the primary's timestamp.
     */
    long timestampNs();

    /**
     * @return the buffer holding the SBE-encoded journal body (a journal.xml message with its header).
     */
    DirectBuffer body();

    /**
     * @return where the body starts.
     */
    int bodyOffset();

    /**
     * @return the body's length in bytes.
     */
    int bodyLength();
}
