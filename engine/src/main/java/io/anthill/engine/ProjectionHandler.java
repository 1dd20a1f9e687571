package io.anthill.engine;

import com.lmax.disruptor.EventHandler;
import org.agrona.DirectBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds one read model the events of each applied entry, on its own thread, in op order, replayed entries
 * included (a read model is rebuilt from the same stream), and publishes the position it has reached.
 */
final class ProjectionHandler implements EventHandler<PartitionEvent>
{
    private final Projection projection;
    private final AtomicLong position = new AtomicLong();

    ProjectionHandler(final Projection projection)
    {
        this.projection = projection;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch)
    {
        final ApplyOutput output = event.output;
        final DirectBuffer events = output.events();
        final int end = output.eventsLength();
        int offset = 0;
        while (offset < end)
        {
            final int length = events.getInt(offset);
            projection.onEvent(event.op, events, offset + ApplyOutput.EVENT_HEADER_LENGTH, length);
            offset += ApplyOutput.EVENT_HEADER_LENGTH + length;
        }
        position.setRelease(event.op);
    }

    long position()
    {
        return position.getAcquire();
    }

    Projection projection()
    {
        return projection;
    }
}
