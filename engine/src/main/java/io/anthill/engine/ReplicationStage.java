package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.EventHandler;

/**
 * Adapts the user-facing {@link ReplicationHandler} to a ring stage, so the replication seam exposes only the
 * read-only {@link RingEntry} and none of the ring's types.
 */
final class ReplicationStage implements EventHandler<PartitionEvent>
{
    private final ReplicationHandler handler;
    private final AtomicLong lastTimestampNs;

    /**
     * @param lastTimestampNs for a replicated partition, the last time stamp of the log, kept across ring epochs:
     *                        this stage then makes time stamps never go backwards in op order (concurrent producers
     *                        may stamp out of order), before the entry is replicated and applied. Null for a single
     *                        node, whose journal stage reads the stamp in parallel and must see it unchanged.
     */
    ReplicationStage(final ReplicationHandler handler, final AtomicLong lastTimestampNs)
    {
        this.handler = handler;
        this.lastTimestampNs = lastTimestampNs;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch)
    {
        if (null != lastTimestampNs)
        {
            final long last = lastTimestampNs.getPlain();
            if (event.source == EntrySource.REPLICATED || event.timestampNs >= last)
            {
                lastTimestampNs.setPlain(event.timestampNs);
            }
            else
            {
                event.timestampNs = last;
            }
        }
        handler.onEntry(event, endOfBatch);
    }

    @Override
    public void onStart()
    {
        handler.onStart();
    }

    @Override
    public void onShutdown()
    {
        handler.onShutdown();
    }
}
