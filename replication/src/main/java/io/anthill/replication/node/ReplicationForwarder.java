package io.anthill.replication.node;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

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
 * while the agent is ending the ring's epoch, when every held entry is void anyway. At the end of each batch it wakes
 * the agent if it is parked, so a command does not wait out the agent's idle park before it is sent.
 */
final class ReplicationForwarder implements ReplicationHandler
{
    static final int HEADER_BYTES = 3 * Long.BYTES;
    private static final int MSG_TYPE_ENTRY = 1;

    private final OneToOneRingBuffer entries;
    private final UnsafeBuffer record;
    private volatile boolean epochEnding;
    private volatile Thread consumer;
    private boolean writtenInBatch;

    ReplicationForwarder(final int capacityBytes, final int bodyBytesMax)
    {
        entries = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
        record = new UnsafeBuffer(new byte[HEADER_BYTES + bodyBytesMax]);
    }

    @Override
    public void onEntry(final RingEntry entry, final boolean endOfBatch)
    {
        if (entry.source() != EntrySource.REPLICATED && entry.source() != EntrySource.REPLAY)
        {
            writtenInBatch |= forward(entry);
        }
        if (endOfBatch && writtenInBatch)
        {
            writtenInBatch = false;
            LockSupport.unpark(consumer);
        }
    }

    /**
     * @return false if the epoch ended before the entry could be written.
     */
    private boolean forward(final RingEntry entry)
    {
        record.putLong(0, entry.view());
        record.putLong(Long.BYTES, entry.op());
        record.putLong(2 * Long.BYTES, entry.timestampNs());
        record.putBytes(HEADER_BYTES, entry.body(), entry.bodyOffset(), entry.bodyLength());
        final int length = HEADER_BYTES + entry.bodyLength();
        while (!entries.write(MSG_TYPE_ENTRY, record, 0, length))
        {
            if (epochEnding)
            {
                return false;
            }
            Thread.yield();
        }
        return true;
    }

    /**
     * The agent thread, as it drains: the thread to wake when entries arrive.
     */
    void consumer(final Thread thread)
    {
        if (consumer != thread)
        {
            consumer = thread;
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
