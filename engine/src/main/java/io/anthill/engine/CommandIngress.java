package io.anthill.engine;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The ingress of a partition's ring: validates, claims a slot without ever blocking ({@code tryNext}), stamps the
 * primary's time, encodes the journal body into the slot and publishes. Every entry's op is fixed by its ring
 * sequence ({@code op = sequence + 1 + opBase}), so op order is ring order by construction. Safe to call from any
 * number of threads: each claimed slot has its own encoder.
 */
final class CommandIngress
{
    private static final long NOT_PUBLISHED = 0;

    private final RingBuffer<PartitionEvent> ring;
    private final EpochNanoClock clock;
    private final int payloadLengthMax;
    private final PartitionCounters counters;
    private final boolean primary;
    private final long opBase;
    private volatile long view;
    private volatile boolean open;

    CommandIngress(
        final RingBuffer<PartitionEvent> ring, final EpochNanoClock clock, final int payloadLengthMax,
        final PartitionCounters counters, final boolean primary, final long opBase, final long view)
    {
        this.ring = ring;
        this.clock = clock;
        this.payloadLengthMax = payloadLengthMax;
        this.counters = counters;
        this.primary = primary;
        this.opBase = opBase;
        this.view = view;
    }

    SubmitResult submit(
        final long sessionId, final long requestId, final DirectBuffer payload, final int offset, final int length)
    {
        final SubmitResult refusal = checkPrimaryOpen();
        if (refusal != null)
        {
            return refusal;
        }
        if (length < 0 || length > payloadLengthMax)
        {
            counters.payloadTooLarge.increment();
            return SubmitResult.PAYLOAD_TOO_LARGE;
        }
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            counters.overloaded.increment();
            return SubmitResult.OVERLOADED;
        }
        try
        {
            final PartitionEvent event = claimed(sequence, EntrySource.CLIENT, clock.nanoTime());
            event.bodyLength = event.bodyEncoder.clientCommand(event.body, sessionId, requestId, payload, offset, length);
        }
        finally
        {
            ring.publish(sequence);
        }
        counters.commandsAccepted.increment();
        return SubmitResult.ACCEPTED;
    }

    /**
     * @return the op of the published tick, or 0 if the ring was full or ingress is closed.
     */
    long tryPublishTick(final int catchUpLimit)
    {
        if (checkPrimaryOpen() != null)
        {
            return NOT_PUBLISHED;
        }
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return NOT_PUBLISHED;
        }
        final PartitionEvent event;
        try
        {
            event = claimed(sequence, EntrySource.TIMER, clock.nanoTime());
            event.bodyLength = event.bodyEncoder.timerTick(event.body, catchUpLimit);
        }
        finally
        {
            ring.publish(sequence);
        }
        return sequence + 1 + opBase;
    }

    SubmitResult publishControl(final int noopReason)
    {
        final SubmitResult refusal = checkPrimaryOpen();
        if (refusal != null)
        {
            return refusal;
        }
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            counters.overloaded.increment();
            return SubmitResult.OVERLOADED;
        }
        try
        {
            final PartitionEvent event = claimed(sequence, EntrySource.CONTROL, clock.nanoTime());
            event.bodyLength = event.bodyEncoder.noop(event.body, noopReason);
        }
        finally
        {
            ring.publish(sequence);
        }
        return SubmitResult.ACCEPTED;
    }

    /**
     * Publishes an entry that already has its view, op and timestamp: from the local journal during recovery
     * (blocking claim: only the launching thread publishes then) or from the primary on a follower.
     */
    SubmitResult publishJournaled(
        final EntrySource source, final long view, final long op, final long timestampNs,
        final DirectBuffer body, final int offset, final int length, final boolean mayBlock)
    {
        if (op != ring.getCursor() + 2 + opBase)
        {
            return SubmitResult.OP_OUT_OF_ORDER;
        }
        final long sequence;
        if (mayBlock)
        {
            sequence = ring.next();
        }
        else
        {
            try
            {
                sequence = ring.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                return SubmitResult.OVERLOADED;
            }
        }
        try
        {
            final PartitionEvent event = ring.get(sequence);
            event.header(source, view, op, timestampNs);
            event.body.putBytes(0, body, offset, length);
            event.bodyLength = length;
        }
        finally
        {
            ring.publish(sequence);
        }
        return SubmitResult.ACCEPTED;
    }

    private PartitionEvent claimed(final long sequence, final EntrySource source, final long timestampNs)
    {
        final PartitionEvent event = ring.get(sequence);
        event.header(source, view, sequence + 1 + opBase, timestampNs);
        return event;
    }

    private SubmitResult checkPrimaryOpen()
    {
        if (!open)
        {
            return SubmitResult.NOT_RUNNING;
        }
        return primary ? null : SubmitResult.NOT_PRIMARY;
    }

    boolean isPrimaryOpen()
    {
        return open && primary;
    }

    void open(final boolean open)
    {
        this.open = open;
    }

    void view(final long view)
    {
        this.view = view;
    }

    long view()
    {
        return view;
    }

    /**
     * @return the op of the last entry published into this ring (opBase when none).
     */
    long lastPublishedOp()
    {
        return ring.getCursor() + 1 + opBase;
    }

    long opBase()
    {
        return opBase;
    }

    /**
     * @return entries in the ring not yet past every stage; any thread (a gauge, read off the gating sequences).
     */
    long occupancy()
    {
        return ring.getBufferSize() - ring.remainingCapacity();
    }
}
