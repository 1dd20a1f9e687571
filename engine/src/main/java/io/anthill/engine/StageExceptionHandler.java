package io.anthill.engine;

import com.lmax.disruptor.ExceptionHandler;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The one counted error handler of a ring stage. Every exception is counted and reported once to the partition's
 * {@link ErrorHandler}. For a fatal stage (journal, business logic: skipping an entry there would make the state
 * disagree with the log) it then fails the partition and stops the stage; for the others (replication in single
 * node, egress, projections) the entry is skipped by that stage only and the ring goes on.
 */
final class StageExceptionHandler implements ExceptionHandler<PartitionEvent>
{
    private final String stageName;
    private final boolean fatal;
    private final AtomicCounter stageErrors;
    private final ErrorHandler errorHandler;
    private final Runnable onFatal;

    StageExceptionHandler(
        final String stageName, final boolean fatal, final AtomicCounter stageErrors, final ErrorHandler errorHandler,
        final Runnable onFatal)
    {
        this.stageName = stageName;
        this.fatal = fatal;
        this.stageErrors = stageErrors;
        this.errorHandler = errorHandler;
        this.onFatal = onFatal;
    }

    @Override
    public void handleEventException(final Throwable ex, final long sequence, final PartitionEvent event)
    {
        stageErrors.increment();
        errorHandler.onError(new StageFailureException(stageName, event == null ? -1 : event.op, fatal, ex));
        if (fatal)
        {
            onFatal.run();
            throw new StageFailureException(stageName, event == null ? -1 : event.op, true, ex);
        }
    }

    @Override
    public void handleOnStartException(final Throwable ex)
    {
        stageErrors.increment();
        errorHandler.onError(new StageFailureException(stageName, -1, fatal, ex));
    }

    @Override
    public void handleOnShutdownException(final Throwable ex)
    {
        stageErrors.increment();
        errorHandler.onError(new StageFailureException(stageName, -1, false, ex));
    }
}
