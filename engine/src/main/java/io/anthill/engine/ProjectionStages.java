package io.anthill.engine;

import com.lmax.disruptor.EventProcessor;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.EventProcessorFactory;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Makes the read-model stages of one ring epoch: one thread for all of a partition's read models, or one each
 * ({@link QueryConfiguration#READ_MODEL_THREADS_SHARED_PROP}). Sharing is the default: on a small machine every read-model
 * thread is woken by every write, so a partition with four read models paid four wake-ups per write and replica
 * (docs/engine-edges.md has the measurement); a read model that must not wait behind the others' work gets its own.
 */
final class ProjectionStages implements EventProcessorFactory<PartitionEvent>
{
    private final ProjectionHandler[] handlers;
    private final StageWakeups wakeups;
    private final EpochNanoClock clock;
    private final AtomicCounter stageErrors;
    private final ErrorHandler errorHandler;

    private ProjectionStages(
        final ProjectionHandler[] handlers, final StageWakeups wakeups, final EpochNanoClock clock,
        final AtomicCounter stageErrors, final ErrorHandler errorHandler)
    {
        this.handlers = handlers;
        this.wakeups = wakeups;
        this.clock = clock;
        this.stageErrors = stageErrors;
        this.errorHandler = errorHandler;
    }

    /**
     * @return the factories of the stages to put after egress, one per thread; none without read models.
     */
    static ProjectionStages[] of(
        final ProjectionHandler[] readModels, final boolean sharedThread, final StageWakeups wakeups,
        final EpochNanoClock clock, final AtomicCounter stageErrors, final ErrorHandler errorHandler)
    {
        if (0 == readModels.length)
        {
            return new ProjectionStages[0];
        }
        if (sharedThread)
        {
            return new ProjectionStages[]{new ProjectionStages(readModels, wakeups, clock, stageErrors, errorHandler)};
        }
        final ProjectionStages[] stages = new ProjectionStages[readModels.length];
        for (int i = 0; i < readModels.length; i++)
        {
            stages[i] = new ProjectionStages(new ProjectionHandler[]{readModels[i]}, wakeups, clock, stageErrors,
                errorHandler);
        }
        return stages;
    }

    /**
     * @return the stage's thread name suffix: the read model's name, or "read-models" for a shared thread.
     */
    String stageName()
    {
        return 1 == handlers.length ? "projection-" + handlers[0].projection().name() : "read-models";
    }

    @Override
    public EventProcessor createEventProcessor(final RingBuffer<PartitionEvent> ring, final Sequence[] upstream)
    {
        final ProjectionProcessor processor = new ProjectionProcessor(ring, upstream, handlers, wakeups, clock,
            stageErrors, errorHandler);
        for (final ProjectionHandler handler : handlers)
        {
            handler.attachStage(processor.getSequence());
        }
        return processor;
    }
}
