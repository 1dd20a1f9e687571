package io.anthill.engine;

import com.lmax.disruptor.EventHandler;

/**
 * Adapts the user-facing {@link ReplicationHandler} to a ring stage, so the replication seam exposes only the
 * read-only {@link RingEntry} and none of the ring's types.
 */
final class ReplicationStage implements EventHandler<PartitionEvent>
{
    private final ReplicationHandler handler;

    ReplicationStage(final ReplicationHandler handler)
    {
        this.handler = handler;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch)
    {
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
