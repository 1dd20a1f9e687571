package io.anthill.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;

/**
 * Wraps a ring stage so that the stages after it are woken as soon as it finishes a batch: it publishes the
 * stage's sequence itself at the end of each batch (the processor would set the same value right after) and then
 * wakes the parked ({@link StageWakeups}). Without it a parked downstream stage would only notice the batch when
 * its park timed out.
 */
final class ProgressSignal implements EventHandler<PartitionEvent>
{
    private final EventHandler<PartitionEvent> delegate;
    private final StageWakeups wakeups;
    private Sequence sequence;

    ProgressSignal(final EventHandler<PartitionEvent> delegate, final StageWakeups wakeups)
    {
        this.delegate = delegate;
        this.wakeups = wakeups;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch) throws Exception
    {
        delegate.onEvent(event, sequence, endOfBatch);
        if (endOfBatch)
        {
            this.sequence.set(sequence);
            wakeups.wakeReady();
        }
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
        this.sequence = sequenceCallback;
        delegate.setSequenceCallback(sequenceCallback);
    }
}
