package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * One slot of a partition's ring, allocated once when the ring is built and reused for every entry: the journal
 * header fields, the SBE journal body, and the output of applying it. Stages read and write it in the order the
 * ring's barriers impose, so no field needs to be volatile.
 */
final class PartitionEvent implements RingEntry
{
    private static final int INITIAL_BODY_CAPACITY = 256;

    final ExpandableArrayBuffer body = new ExpandableArrayBuffer(INITIAL_BODY_CAPACITY);
    final JournalBodyEncoder bodyEncoder = new JournalBodyEncoder();
    final ApplyOutput output = new ApplyOutput();
    EntrySource source;
    long view;
    long op;
    long timestampNs;
    int bodyLength;
    /**
     * Set by the business logic on the entry a partition snapshot was taken at, when read models are snapshotted too:
     * each read model's stage writes its state into its hand-off right after applying this entry.
     */
    boolean snapshotMark;

    void header(final EntrySource source, final long view, final long op, final long timestampNs)
    {
        this.source = source;
        this.view = view;
        this.op = op;
        this.timestampNs = timestampNs;
    }

    @Override
    public EntrySource source()
    {
        return source;
    }

    @Override
    public long view()
    {
        return view;
    }

    @Override
    public long op()
    {
        return op;
    }

    @Override
    public long timestampNs()
    {
        return timestampNs;
    }

    @Override
    public DirectBuffer body()
    {
        return body;
    }

    @Override
    public int bodyOffset()
    {
        return 0;
    }

    @Override
    public int bodyLength()
    {
        return bodyLength;
    }
}
