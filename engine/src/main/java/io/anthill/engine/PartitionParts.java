package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.ErrorHandler;

/**
 * What a partition keeps across ring epochs: the deterministic state, what the business logic publishes, the snapshot
 * hand-off and the counters. Each ring epoch's stages are built around these.
 */
final class PartitionParts
{
    final PartitionLogic logic;
    final AppliedProgress progress = new AppliedProgress();
    final SnapshotHandoff snapshotHandoff = new SnapshotHandoff();
    final AtomicLong retentionFloorOp = new AtomicLong();
    final AtomicLong lastTimestampNs = new AtomicLong();
    final PartitionCounters counters;
    private final ErrorHandler errorHandler;
    private final Runnable onFatal;

    PartitionParts(
        final PartitionLogic logic, final PartitionCounters counters, final ErrorHandler errorHandler,
        final Runnable onFatal)
    {
        this.logic = logic;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.onFatal = onFatal;
    }

    StageExceptionHandler exceptionHandler(final String stageName, final boolean fatal)
    {
        return new StageExceptionHandler(stageName, fatal, counters.stageErrors, errorHandler, onFatal);
    }
}
