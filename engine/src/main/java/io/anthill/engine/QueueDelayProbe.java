package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Measures the queueing delay of client commands (ingress stamp to the moment the business logic takes them up,
 * the sojourn time of CoDel) and publishes the latest one, so admission can shed load before the ring is full when
 * commands wait longer than the SLA allows. It wraps the business-logic handler and reads the primary's clock
 * outside the state machine, so determinism is untouched: the measurement never reaches the log.
 */
final class QueueDelayProbe implements EventHandler<PartitionEvent>
{
    private final EventHandler<PartitionEvent> delegate;
    private final EpochNanoClock clock;
    private final AtomicLong lastDelayNs = new AtomicLong();

    QueueDelayProbe(final EventHandler<PartitionEvent> delegate, final EpochNanoClock clock)
    {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch) throws Exception
    {
        if (event.source == EntrySource.CLIENT)
        {
            lastDelayNs.setRelease(Math.max(0, clock.nanoTime() - event.timestampNs));
        }
        delegate.onEvent(event, sequence, endOfBatch);
    }

    @Override
    public void onBatchStart(final long batchSize, final long queueDepth)
    {
        delegate.onBatchStart(batchSize, queueDepth);
    }

    @Override
    public void onStart()
    {
        delegate.onStart();
    }

    @Override
    public void onShutdown()
    {
        delegate.onShutdown();
    }

    @Override
    public void onTimeout(final long sequence) throws Exception
    {
        delegate.onTimeout(sequence);
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        delegate.setSequenceCallback(sequenceCallback);
    }

    /**
     * @return the queueing delay of the client command the business logic took up last, in nanoseconds.
     */
    long lastDelayNs()
    {
        return lastDelayNs.getAcquire();
    }
}
