package io.anthill.replication.core;

import org.agrona.DirectBuffer;

/**
 * A bounded, pre-allocated batch of consecutive log entries: what one message carries. Used to stage entries read
 * from the log before encoding and entries decoded from a message before they are installed atomically.
 */
final class EntryBatch
{
    private final LogEntry[] entries;
    private int size;

    EntryBatch(final int entriesMax, final int bodyBytesMax)
    {
        entries = new LogEntry[entriesMax];
        for (int i = 0; i < entriesMax; i++)
        {
            entries[i] = new LogEntry(bodyBytesMax);
        }
    }

    void clear()
    {
        size = 0;
    }

    int size()
    {
        return size;
    }

    boolean isFull()
    {
        return size == entries.length;
    }

    LogEntry get(final int index)
    {
        return entries[index];
    }

    long firstOp()
    {
        return entries[0].op();
    }

    long lastOp()
    {
        return entries[size - 1].op();
    }

    void add(final long op, final long view, final long timestampNs, final DirectBuffer body, final int offset, final int length)
    {
        if (size > 0 && op != entries[size - 1].op() + 1)
        {
            throw new IllegalArgumentException("entries not consecutive: " + entries[size - 1].op() + " then " + op);
        }
        final LogEntry entry = entries[size];
        entry.set(op, view, timestampNs, length);
        entry.body().putBytes(0, body, offset, length);
        size++;
    }

    /**
     * Reads ops fromOp..toOp (at most the capacity) from the log.
     *
     * @return OK, or the first failure; the entries read before it stay in the batch.
     */
    ReplicaLog.ReadResult fill(final ReplicaLog log, final long fromOp, final long toOp)
    {
        clear();
        for (long op = fromOp; op <= toOp && size < entries.length; op++)
        {
            final ReplicaLog.ReadResult result = log.read(op, entries[size]);
            if (result != ReplicaLog.ReadResult.OK)
            {
                return result;
            }
            size++;
        }
        return ReplicaLog.ReadResult.OK;
    }
}
