package io.anthill.engine;

import java.nio.ByteOrder;

import java.util.function.Consumer;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The reads a read model's thread has taken off its {@link QueryQueue}: each is answered as soon as the read model
 * has applied the read's target op, or refused when its deadline passes first. Owned by that one thread; bounded by
 * the queue's pool, so it never grows.
 */
final class PendingQueries implements Consumer<QuerySlot>
{
    private final Projection projection;
    private final QueryQueue queue;
    private final QuerySlot[] pending;
    private final ExpandableArrayBuffer answer = new ExpandableArrayBuffer(256);
    private final ErrorHandler errorHandler;
    private final AtomicCounter served;
    private final AtomicCounter expired;
    private final AtomicCounter errors;
    private int count;

    PendingQueries(
        final Projection projection, final QueryQueue queue, final ErrorHandler errorHandler,
        final AtomicCounter served, final AtomicCounter expired, final AtomicCounter errors)
    {
        this.projection = projection;
        this.queue = queue;
        this.pending = new QuerySlot[queue.capacity()];
        this.errorHandler = errorHandler;
        this.served = served;
        this.expired = expired;
        this.errors = errors;
    }

    /**
     * Takes new reads off the queue and answers every pending read whose op has been reached or whose deadline has
     * passed. The clock is read only when reads are pending, so an idle read model does not read it every cycle.
     *
     * @return the number of reads taken or answered: the work done.
     */
    int serve(final long positionOp, final EpochNanoClock clock, final int drainLimit)
    {
        int work = queue.drain(this, drainLimit);
        if (0 == count)
        {
            return work;
        }
        final long nowNs = clock.nanoTime();
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            final QuerySlot slot = pending[i];
            pending[i] = null;
            if (slot.targetOp <= positionOp)
            {
                answer(slot, positionOp);
                work++;
            }
            else if (nowNs - slot.deadlineNs >= 0)
            {
                expired.increment();
                reject(slot, positionOp, slot.lateCode);
                work++;
            }
            else
            {
                pending[kept++] = slot;
            }
        }
        count = kept;
        return work;
    }

    boolean isEmpty()
    {
        return 0 == count;
    }

    @Override
    public void accept(final QuerySlot slot)
    {
        pending[count++] = slot;
    }

    /**
     * Refuses every pending read and closes the queue: the read model's thread is stopping.
     */
    void close()
    {
        for (int i = 0; i < count; i++)
        {
            queue.rejectClosed(pending[i]);
            pending[i] = null;
        }
        count = 0;
        queue.close();
    }

    private void answer(final QuerySlot slot, final long positionOp)
    {
        final int length;
        try
        {
            length = slot.digest ? digestAnswer() : projection.onQuery(slot.payload, 0, slot.payloadLength, answer, 0);
        }
        catch (final RuntimeException ex)
        {
            errors.increment();
            errorHandler.onError(new IllegalStateException("read model " + projection.name() + " failed a query", ex));
            reject(slot, positionOp, ErrorCode.INTERNAL_ERROR);
            return;
        }
        if (length < 0)
        {
            reject(slot, positionOp, ErrorCode.UNKNOWN_QUERY);
            return;
        }
        final QuerySink sink = slot.sink;
        final long sessionId = slot.sessionId;
        final long requestId = slot.requestId;
        queue.release(slot);
        served.increment();
        try
        {
            sink.onQueryResponse(sessionId, requestId, positionOp, answer, 0, length);
        }
        catch (final RuntimeException ex)
        {
            errors.increment();
            errorHandler.onError(ex);
        }
    }

    private int digestAnswer()
    {
        answer.putLong(0, projection.digest(), ByteOrder.LITTLE_ENDIAN);
        return Long.BYTES;
    }

    private void reject(final QuerySlot slot, final long positionOp, final ErrorCode code)
    {
        final QuerySink sink = slot.sink;
        final long sessionId = slot.sessionId;
        final long requestId = slot.requestId;
        queue.release(slot);
        try
        {
            sink.onQueryRejected(sessionId, requestId, positionOp, code);
        }
        catch (final RuntimeException ex)
        {
            errors.increment();
            errorHandler.onError(ex);
        }
    }
}
