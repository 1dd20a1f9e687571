package io.anthill.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.EventProcessor;
import com.lmax.disruptor.FixedSequenceGroup;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.Sequencer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The thread of one or more read models of a partition, as an Agrona-style duty cycle inside the ring: apply the
 * entries the upstream stages released (at most {@link QueryConfiguration#EVENTS_PER_DUTY_CYCLE_MAX}) to each read
 * model in turn, then serve each one's reads whose position has been reached; with nothing to do it spins briefly
 * and parks until the stage before it moves or a read is offered ({@link StageWakeups}), or the park times out
 * (which bounds how late a read's deadline is noticed). Waiting on
 * both instead of blocking on a {@code SequenceBarrier} is what lets it answer reads while no write arrives. Its own
 * sequence gates the ring's producers like any other last stage, so a slow read model fills the ring (and ingress
 * says OVERLOADED) rather than losing entries.
 */
final class ProjectionProcessor implements EventProcessor
{
    private final Sequence sequence = new Sequence(Sequencer.INITIAL_CURSOR_VALUE);
    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int HALTED = 2;

    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final RingBuffer<PartitionEvent> ring;
    private final ProjectionHandler[] handlers;
    private final int[] querySlots;
    private final StageWakeups wakeups;
    private final EpochNanoClock clock;
    private final AtomicCounter stageErrors;
    private final ErrorHandler errorHandler;
    private final long parkTimeoutNs = QueryConfiguration.idleParkMaxNs();
    /** The upstream stages' sequences as one (their minimum), for reading and for a parked wait. */
    private final Sequence upstreamGroup;
    private volatile Thread runner;
    private int idleTries;

    ProjectionProcessor(
        final RingBuffer<PartitionEvent> ring, final Sequence[] upstream, final ProjectionHandler[] handlers,
        final StageWakeups wakeups, final EpochNanoClock clock, final AtomicCounter stageErrors,
        final ErrorHandler errorHandler)
    {
        if (upstream.length == 0)
        {
            throw new IllegalStateException("a read model stage must follow the business logic in the ring");
        }
        this.ring = ring;
        this.upstreamGroup = 1 == upstream.length ? upstream[0] : new FixedSequenceGroup(upstream);
        this.handlers = handlers.clone();
        this.querySlots = new int[handlers.length];
        this.wakeups = wakeups;
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
        runner = Thread.currentThread();
        if (!state.compareAndSet(IDLE, RUNNING))
        {
            if (state.get() != HALTED)
            {
                throw new IllegalStateException("read model stage already running");
            }
            onStopped();
            return;
        }
        try
        {
            while (state.get() == RUNNING)
            {
                idle(doWork());
            }
        }
        finally
        {
            onStopped();
        }
    }

    private void onStopped()
    {
        for (final ProjectionHandler handler : handlers)
        {
            handler.onStageStopped();
        }
    }

    int doWork()
    {
        int work = applyReleasedEntries();
        for (final ProjectionHandler handler : handlers)
        {
            work += handler.pending().serve(handler.position(), clock, QueryConfiguration.QUERIES_PER_DUTY_CYCLE_MAX);
        }
        return work;
    }

    private void idle(final int work)
    {
        if (work > 0)
        {
            idleTries = 0;
        }
        else if (idleTries < RingWaitStrategy.PARKING_SPIN_TRIES)
        {
            idleTries++;
            Thread.onSpinWait();
        }
        else
        {
            park();
        }
    }

    /**
     * Registers with the ring's wake-ups and every read model's query queue, then looks once more before parking, so
     * a move or a read that came just before the park is not missed.
     */
    private void park()
    {
        final int ringSlot = wakeups.register(upstreamGroup, sequence.get() + 1, null);
        for (int i = 0; i < handlers.length; i++)
        {
            querySlots[i] = handlers[i].queries().registerConsumer();
        }
        try
        {
            if (state.get() == RUNNING && upstreamGroup.get() <= sequence.get() && !anyReadOffered())
            {
                LockSupport.parkNanos(this, parkTimeoutNs);
            }
        }
        finally
        {
            for (int i = 0; i < handlers.length; i++)
            {
                handlers[i].queries().unregisterConsumer(querySlots[i]);
            }
            wakeups.unregister(ringSlot);
        }
    }

    private boolean anyReadOffered()
    {
        for (final ProjectionHandler handler : handlers)
        {
            if (handler.queries().hasRequests())
            {
                return true;
            }
        }
        return false;
    }

    private int applyReleasedEntries()
    {
        final long next = sequence.get() + 1;
        final long available = upstreamGroup.get();
        if (available < next)
        {
            return 0;
        }
        final long last = Math.min(available, next + QueryConfiguration.EVENTS_PER_DUTY_CYCLE_MAX - 1);
        for (long s = next; s <= last; s++)
        {
            final PartitionEvent event = ring.get(s);
            for (final ProjectionHandler handler : handlers)
            {
                apply(handler, event);
            }
        }
        sequence.set(last);
        return (int)(last - next + 1);
    }

    private void apply(final ProjectionHandler handler, final PartitionEvent event)
    {
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

    @Override
    public Sequence getSequence()
    {
        return sequence;
    }

    @Override
    public void halt()
    {
        state.set(HALTED);
        LockSupport.unpark(runner);
    }

    @Override
    public boolean isRunning()
    {
        return state.get() == RUNNING;
    }
}
