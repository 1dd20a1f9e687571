package io.anthill.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;

/**
 * Wraps a ring stage so that the stages after it are woken as soon as it finishes a batch: it publishes the
 * stage's sequence itself at the end of each batch (the processor would set the same value right after) and then
 * wakes the parked ({@link StageWakeups}). Without it a parked downstream stage would only notice the batch when
 * its park timed out.
 */
final class ProgressSignal extends ForwardingEventHandler
{
    private final StageWakeups wakeups;
    private Sequence sequence;

    ProgressSignal(final EventHandler<PartitionEvent> delegate, final StageWakeups wakeups)
    {
        super(delegate);
        this.wakeups = wakeups;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch) throws Exception
    {
        super.onEvent(event, sequence, endOfBatch);
        if (endOfBatch)
        {
            this.sequence.set(sequence);
            wakeups.wakeReady();
        }
    }

    @Override
    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        this.sequence = sequenceCallback;
        super.setSequenceCallback(sequenceCallback);
    }
}
