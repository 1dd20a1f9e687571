package io.anthill.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The hand-off of reads from any caller thread to the one thread that owns a read model: a bounded pool of
 * pre-allocated {@link QuerySlot}s and a bounded many-to-one queue of filled ones, so offering a read allocates
 * nothing and never blocks; an empty pool is an answer ({@link SubmitResult#OVERLOADED}), not a wait.
 * <p>
 * After {@link #close()} no read is left unanswered: a caller whose offer raced with the close rejects what is
 * left in the queue itself, one drainer at a time.
 */
final class QueryQueue
{
    private final ManyToManyConcurrentArrayQueue<QuerySlot> free;
    private final ManyToOneConcurrentArrayQueue<QuerySlot> requests;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final StageWakeups consumer = new StageWakeups(1);
    private final AtomicCounter overloaded;
    private final int payloadLengthMax;
    private final int capacity;
    private volatile boolean closed;

    QueryQueue(final int capacity, final int payloadLengthMax, final AtomicCounter overloaded)
    {
        this.capacity = capacity;
        this.payloadLengthMax = payloadLengthMax;
        this.overloaded = overloaded;
        this.free = new ManyToManyConcurrentArrayQueue<>(capacity);
        this.requests = new ManyToOneConcurrentArrayQueue<>(capacity);
        for (int i = 0; i < capacity; i++)
        {
            free.offer(new QuerySlot());
        }
    }

    SubmitResult offer(
        final QuerySink sink, final long sessionId, final long requestId, final long targetOp, final long deadlineNs,
        final ErrorCode lateCode, final boolean digest, final DirectBuffer payload, final int offset, final int length)
    {
        if (closed)
        {
            return SubmitResult.NOT_RUNNING;
        }
        if (length < 0 || length > payloadLengthMax)
        {
            return SubmitResult.PAYLOAD_TOO_LARGE;
        }
        final QuerySlot slot = free.poll();
        if (null == slot)
        {
            overloaded.increment();
            return SubmitResult.OVERLOADED;
        }
        slot.fill(sink, sessionId, requestId, targetOp, deadlineNs, lateCode, digest, payload, offset, length);
        if (!requests.offer(slot))
        {
            throw new IllegalStateException("query queue over its pool size " + capacity);
        }
        consumer.wakeReady();
        if (closed)
        {
            rejectLeftovers();
        }
        return SubmitResult.ACCEPTED;
    }

    /**
     * Owner thread, before it parks: a read offered from now on wakes it.
     *
     * @return the slot for {@link #unregisterConsumer(int)}.
     */
    int registerConsumer()
    {
        return consumer.register(null, 0, null);
    }

    void unregisterConsumer(final int slot)
    {
        consumer.unregister(slot);
    }

    boolean hasRequests()
    {
        return !requests.isEmpty();
    }

    /**
     * Owner thread only, while running.
     */
    int drain(final Consumer<QuerySlot> consumer, final int limit)
    {
        return requests.drain(consumer, limit);
    }

    /**
     * Any thread: gives an answered slot back to the pool.
     */
    void release(final QuerySlot slot)
    {
        slot.clear();
        if (!free.offer(slot))
        {
            throw new IllegalStateException("query pool over its size " + capacity);
        }
    }

    int capacity()
    {
        return capacity;
    }

    /**
     * Refuses new reads and answers every queued one; called by the owner thread when it stops.
     */
    void close()
    {
        closed = true;
        rejectLeftovers();
    }

    private void rejectLeftovers()
    {
        while (!requests.isEmpty())
        {
            if (draining.compareAndSet(false, true))
            {
                try
                {
                    QuerySlot slot;
                    while (null != (slot = requests.poll()))
                    {
                        rejectClosed(slot);
                    }
                }
                finally
                {
                    draining.set(false);
                }
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    void rejectClosed(final QuerySlot slot)
    {
        final QuerySink sink = slot.sink;
        final long sessionId = slot.sessionId;
        final long requestId = slot.requestId;
        release(slot);
        sink.onQueryRejected(sessionId, requestId, 0, ErrorCode.UNKNOWN_PARTITION);
    }
}
