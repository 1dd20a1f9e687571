package io.anthill.engine;

import java.util.concurrent.atomic.AtomicInteger;

import com.lmax.disruptor.EventProcessor;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.Sequencer;
import com.lmax.disruptor.util.Util;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The thread of one read model, as an Agrona-style duty cycle inside the ring: apply the entries the upstream stages
 * released (at most {@link QueryConfiguration#EVENTS_PER_DUTY_CYCLE_MAX}), then serve the reads whose position has
 * been reached, then idle with a bounded back-off. Polling the upstream sequences instead of blocking on a
 * {@code SequenceBarrier} is what lets it answer reads while no write arrives. Its own sequence gates the ring's
 * producers like any other last stage, so a slow read model fills the ring (and ingress says OVERLOADED) rather
 * than losing entries.
 */
final class ProjectionProcessor implements EventProcessor
{
    private final Sequence sequence = new Sequence(Sequencer.INITIAL_CURSOR_VALUE);
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int HALTED = 2;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final RingBuffer<PartitionEvent> ring;
    private final Sequence[] upstream;
    private final ProjectionHandler handler;
    private final PendingQueries queries;
    private final EpochNanoClock clock;
    private final AtomicCounter stageErrors;
    private final ErrorHandler errorHandler;
    private final IdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, QueryConfiguration.idleParkMaxNs());

    ProjectionProcessor(
        final RingBuffer<PartitionEvent> ring, final Sequence[] upstream, final ProjectionHandler handler,
        final PendingQueries queries, final EpochNanoClock clock, final AtomicCounter stageErrors,
        final ErrorHandler errorHandler)
    {
        if (upstream.length == 0)
        {
            throw new IllegalStateException("a read model stage must follow the business logic in the ring");
        }
        this.ring = ring;
        this.upstream = upstream;
        this.handler = handler;
        this.queries = queries;
        this.clock = clock;
        this.stageErrors = stageErrors;
        this.errorHandler = errorHandler;
    }

    /**
     * Runs the duty cycle until halted. A halt that comes before the thread starts (an epoch ended at once) wins, as
     * in Disruptor's own processors: the stage then stops without running.
     */
    @Override
    public void run()
    {
        if (!state.compareAndSet(IDLE, RUNNING))
        {
            if (state.get() != HALTED)
            {
                throw new IllegalStateException("read model stage already running");
            }
            handler.onStageStopped();
            return;
        }
        try
        {
            while (state.get() == RUNNING)
            {
                idle.idle(doWork());
            }
        }
        finally
        {
            handler.onStageStopped();
        }
    }

    int doWork()
    {
        final int applied = applyReleasedEntries();
        return applied + queries.serve(handler.position(), clock, QueryConfiguration.QUERIES_PER_DUTY_CYCLE_MAX);
    }

    private int applyReleasedEntries()
    {
        final long next = sequence.get() + 1;
        final long available = Util.getMinimumSequence(upstream);
        if (available < next)
        {
            return 0;
        }
        final long last = Math.min(available, next + QueryConfiguration.EVENTS_PER_DUTY_CYCLE_MAX - 1);
        for (long s = next; s <= last; s++)
        {
            final PartitionEvent event = ring.get(s);
            try
            {
                handler.apply(event);
            }
            catch (final RuntimeException ex)
            {
                stageErrors.increment();
                errorHandler.onError(new StageFailureException(
                    "projection-" + handler.projection().name(), event.op, false, ex));
                handler.skip(event);
            }
            handler.snapshotIfMarked(event);
        }
        sequence.set(last);
        return (int)(last - next + 1);
    }

    @Override
    public Sequence getSequence()
    {
        return sequence;
    }

    @Override
    public void halt()
    {
        state.set(HALTED);
    }

    @Override
    public boolean isRunning()
    {
        return state.get() == RUNNING;
    }
}
