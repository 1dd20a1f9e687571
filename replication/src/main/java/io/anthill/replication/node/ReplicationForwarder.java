package io.anthill.replication.node;

import java.nio.ByteBuffer;

import io.anthill.engine.EntrySource;
import io.anthill.engine.ReplicationHandler;
import io.anthill.engine.RingEntry;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The replication stage of a replicated partition's ring: copies each entry this replica originated (client
 * commands, timer ticks, control entries) into a one-to-one ring buffer the replication agent drains, in op order.
 * A full buffer holds the ring back (and so, eventually, ingress answers OVERLOADED); it never drops an entry, except
 * while the agent is ending the ring's epoch, when every held entry is void anyway.
 */
final class ReplicationForwarder implements ReplicationHandler
{
    static final int HEADER_BYTES = 3 * Long.BYTES;
    private static final int MSG_TYPE_ENTRY = 1;

    private final OneToOneRingBuffer entries;
    private final UnsafeBuffer record;
    private volatile boolean epochEnding;

    ReplicationForwarder(final int capacityBytes, final int bodyBytesMax)
    {
        entries = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        record = new UnsafeBuffer(new byte[HEADER_BYTES + bodyBytesMax]);
    }

    @Override
    public void onEntry(final RingEntry entry, final boolean endOfBatch)
    {
        if (entry.source() == EntrySource.REPLICATED || entry.source() == EntrySource.REPLAY)
        {
            return;
        }
        record.putLong(0, entry.view());
        record.putLong(Long.BYTES, entry.op());
        record.putLong(2 * Long.BYTES, entry.timestampNs());
        record.putBytes(HEADER_BYTES, entry.body(), entry.bodyOffset(), entry.bodyLength());
        final int length = HEADER_BYTES + entry.bodyLength();
        while (!entries.write(MSG_TYPE_ENTRY, record, 0, length))
        {
            if (epochEnding)
            {
                return;
            }
            Thread.yield();
        }
    }

    OneToOneRingBuffer entries()
    {
        return entries;
    }

    void epochEnding(final boolean ending)
    {
        epochEnding = ending;
    }
}
