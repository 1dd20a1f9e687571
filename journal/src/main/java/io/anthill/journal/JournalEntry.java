package io.anthill.journal;

import io.anthill.codecs.journal.JournalEntryHeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * One verified journal entry as a reader delivers it: a reusable flyweight, so replay allocates nothing.
 *
 * <p>The checksum was verified before delivery. The body is a view of the mapped queue file, valid only during the
 * handler call: copy what you keep. Complete documents are never rewritten, so the bytes are the bytes checked.
 */
public final class JournalEntry
{
    private JournalEntryHeaderDecoder header;
    private DirectBuffer body;
    private int bodyOffset;
    private int bodyLength;

    JournalEntry()
    {
    }

    /**
     * Points the flyweight at a verified document: header fields are read on demand from the decoder wrapped on it.
     */
    void wrap(final JournalEntryHeaderDecoder header, final DirectBuffer body, final int bodyOffset, final int bodyLength)
    {
        this.header = header;
        this.body = body;
        this.bodyOffset = bodyOffset;
        this.bodyLength = bodyLength;
    }

    /**
     * @return the partition whose log holds this entry.
     */
    public int partitionId()
    {
        return header.partitionId();
    }

    /**
     * @return the view in which the primary assigned this op; a newer view may have replaced older entries.
     */
    public long view()
    {
        return header.view();
    }

    /**
     * @return the op number: dense, the position of the entry in the partition's log.
     */
    public long op()
    {
        return header.op();
    }

    /**
     * @return the time stamped by the primary; the only clock a deterministic state machine may read.
     */
    public long timestampNs()
    {
        return header.timestampNs();
    }

    /**
     * @return the CRC32C stored with the entry (already verified), as the 32 raw bits.
     */
    public int checksum()
    {
        return (int)header.checksum();
    }

    /**
     * @return the buffer holding the body; read it between {@link #bodyOffset()} and its length.
     */
    public DirectBuffer body()
    {
        return body;
    }

    /**
     * @return where the body starts in {@link #body()}.
     */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    /**
     * @return the body length in bytes.
     */
    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * For logs and tests; allocates, so never call it on a hot path.
     *
     * @return the header fields as text.
     */
    @Override
    public String toString()
    {
        return "JournalEntry{partition=" + partitionId() + ", view=" + view() + ", op=" + op() + ", timestampNs=" +
            timestampNs() + ", bodyLength=" + bodyLength + '}';
    }
}
