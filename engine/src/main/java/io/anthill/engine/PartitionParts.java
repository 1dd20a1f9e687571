package io.anthill.engine;

import java.util.concurrent.atomic.AtomicInteger;
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
    /**
     * The current ring epoch, advanced once the previous epoch's stage threads have stopped.
     */
    final AtomicInteger ringEpoch = new AtomicInteger();
    final PartitionCounters counters;
    /**
     * The ring's parked stage threads; shared by the epochs, whose threads never overlap.
     */
    final StageWakeups wakeups;
    /**
     * True when every read model snapshots ({@link Projection#writeSnapshot} answered at launch): snapshots then
     * carry every read model's state. False also for a partition without read models.
     */
    final boolean readModelSnapshots;
    private final ErrorHandler errorHandler;
    private final Runnable onFatal;

    PartitionParts(
        final PartitionLogic logic, final PartitionCounters counters, final StageWakeups wakeups,
        final boolean readModelSnapshots, final ErrorHandler errorHandler, final Runnable onFatal)
    {
        this.logic = logic;
        this.counters = counters;
        this.wakeups = wakeups;
        this.readModelSnapshots = readModelSnapshots;
        this.errorHandler = errorHandler;
        this.onFatal = onFatal;
    }

    StageExceptionHandler exceptionHandler(final String stageName, final boolean fatal)
    {
        return new StageExceptionHandler(stageName, fatal, counters.stageErrors, errorHandler, onFatal);
    }
}
