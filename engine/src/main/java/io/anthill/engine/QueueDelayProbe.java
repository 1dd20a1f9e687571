package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.EventHandler;
import org.agrona.concurrent.EpochNanoClock;

/**
 * Measures the queueing delay of client commands (ingress stamp to the moment the business logic takes them up,
 * the sojourn time of CoDel) and publishes the latest one, so admission can shed load before the ring is full when
 * commands wait longer than the SLA allows. It wraps the business-logic handler and reads the primary's clock
 * outside the state machine, so determinism is untouched: the measurement never reaches the log.
 */
final class QueueDelayProbe extends ForwardingEventHandler
{
    private final EpochNanoClock clock;
    private final AtomicLong lastDelayNs = new AtomicLong();

    QueueDelayProbe(final EventHandler<PartitionEvent> delegate, final EpochNanoClock clock)
    {
        super(delegate);
        this.clock = clock;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch) throws Exception
    {
        if (event.source == EntrySource.CLIENT)
        {
            lastDelayNs.setRelease(Math.max(0, clock.nanoTime() - event.timestampNs));
        }
        super.onEvent(event, sequence, endOfBatch);
    }

    /**
     * @return the queueing delay of the client command the business logic took up last, in nanoseconds.
     */
    long lastDelayNs()
    {
        return lastDelayNs.getAcquire();
    }
}
