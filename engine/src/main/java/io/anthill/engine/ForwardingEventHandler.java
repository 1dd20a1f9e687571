package io.anthill.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;

/**
 * A ring stage that wraps another: forwards every callback of the Disruptor's processor to the wrapped handler, so
 * a wrapper overrides only what it adds ({@link QueueDelayProbe}, {@link ProgressSignal}).
 */
abstract class ForwardingEventHandler implements EventHandler<PartitionEvent>
{
    protected final EventHandler<PartitionEvent> delegate;

    ForwardingEventHandler(final EventHandler<PartitionEvent> delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch) throws Exception
    {
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
}
