package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.EventProcessor;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.EventProcessorFactory;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;

/**
 * One read model's stage of the ring. It feeds the read model the events of each applied entry, in op order,
 * replayed entries included (a read model is rebuilt from the same stream), publishes the position it has reached,
 * and owns the read model's queries: they reach its thread through a bounded {@link QueryQueue}, so the read model
 * is only ever touched by one thread and needs no lock. Its thread is a {@link ProjectionProcessor} duty cycle, not
 * a blocking {@code BatchEventProcessor}, because it must serve reads while no write arrives.
 */
final class ProjectionHandler implements EventProcessorFactory<PartitionEvent>
{
    private final Projection projection;
    private final AtomicLong position = new AtomicLong();
    private final QueryQueue queries;
    private final PartitionCounters counters;
    private final EpochNanoClock clock;
    private final ErrorHandler errorHandler;

    ProjectionHandler(
        final Projection projection, final int payloadLengthMax, final PartitionCounters counters,
        final EpochNanoClock clock, final ErrorHandler errorHandler)
    {
        this.projection = projection;
        this.counters = counters;
        this.clock = clock;
        this.errorHandler = errorHandler;
        this.queries = new QueryQueue(QueryConfiguration.queueCapacity(), payloadLengthMax, counters.queriesOverloaded);
    }

    @Override
    public EventProcessor createEventProcessor(final RingBuffer<PartitionEvent> ring, final Sequence[] upstream)
    {
        final PendingQueries pending = new PendingQueries(projection, queries, errorHandler, counters.queriesServed,
            counters.queriesExpired, counters.stageErrors);
        return new ProjectionProcessor(ring, upstream, this, pending, clock, counters.stageErrors, errorHandler);
    }

    void apply(final PartitionEvent event)
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

    /**
     * Moves past an entry whose events the read model failed on: the failure is counted and reported, and the
     * read model goes on, as a non-fatal stage does.
     */
    void skip(final PartitionEvent event)
    {
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

    QueryQueue queries()
    {
        return queries;
    }
}
