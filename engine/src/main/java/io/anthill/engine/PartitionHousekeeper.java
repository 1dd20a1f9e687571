package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

import io.anthill.journal.SnapshotStore;
import io.anthill.journal.eventlog.EventEpisode;
import io.anthill.journal.eventlog.EventLog;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The partition's slow duties, off the ring: issues timer ticks when an alarm falls due (the tick is a journaled
 * entry, so replay and followers fire the same alarms) and writes snapshots handed over by the business logic, so a
 * snapshot costs the ring only the copy of the state. Retention follows: once a snapshot is on disk the journal may
 * drop cycles wholly before the oldest kept snapshot (never for a partition with read models, which are rebuilt
 * from op 1; see docs/engine.md). Being the partition's slow thread, it also turns the OVERLOADED refusal counters
 * into {@code overload_start} / {@code overload_end} event-log lines (the refusing paths only count), and logs each
 * snapshot written.
 */
final class PartitionHousekeeper implements Agent
{
    private static final long NO_TICK_IN_FLIGHT = 0;

    private final int partitionId;
    private final TickPublisher ticks;
    private final AppliedProgress progress;
    private final SnapshotHandoff handoff;
    private final SnapshotStore snapshots;
    private final AtomicLong retentionFloorOp;
    private final boolean retainWholeJournal;
    private final EpochNanoClock clock;
    private final int alarmCatchUpLimit;
    private final PartitionCounters counters;
    private final ErrorHandler errorHandler;
    private final EventEpisode overload;
    private final PartitionGauges gauges;
    private long tickInFlightOp = NO_TICK_IN_FLIGHT;
    private long nextOverloadCheckNs;

    PartitionHousekeeper(
        final int partitionId, final TickPublisher ticks, final AppliedProgress progress,
        final SnapshotHandoff handoff, final SnapshotStore snapshots, final AtomicLong retentionFloorOp,
        final boolean retainWholeJournal, final PartitionContext ctx, final PartitionCounters counters,
        final PartitionGauges gauges)
    {
        this.gauges = gauges;
        this.partitionId = partitionId;
        this.ticks = ticks;
        this.progress = progress;
        this.handoff = handoff;
        this.snapshots = snapshots;
        this.retentionFloorOp = retentionFloorOp;
        this.retainWholeJournal = retainWholeJournal;
        this.clock = ctx.clock();
        this.alarmCatchUpLimit = ctx.alarmCatchUpLimit();
        this.counters = counters;
        this.errorHandler = ctx.errorHandler();
        this.overload = new EventEpisode("overload", PartitionConfiguration.OVERLOAD_QUIET_NS, counters.overloadRefusals(),
            "partition", partitionId);
    }

    @Override
    public int doWork()
    {
        return writeSnapshotIfReady() + tickIfDue() + watchOverload();
    }

    private int watchOverload()
    {
        final long nowNs = clock.nanoTime();
        if (nowNs - nextOverloadCheckNs < 0)
        {
            return 0;
        }
        nextOverloadCheckNs = nowNs + PartitionConfiguration.OVERLOAD_CHECK_INTERVAL_NS;
        gauges.sample();
        return overload.update(counters.overloadRefusals(), nowNs);
    }

    private int tickIfDue()
    {
        if (tickInFlightOp != NO_TICK_IN_FLIGHT)
        {
            if (progress.appliedOp() < tickInFlightOp)
            {
                return 0;
            }
            tickInFlightOp = NO_TICK_IN_FLIGHT;
        }
        if (progress.nextAlarmDeadlineNs() > clock.nanoTime())
        {
            return 0;
        }
        tickInFlightOp = ticks.tryPublishTick(alarmCatchUpLimit);
        return tickInFlightOp == NO_TICK_IN_FLIGHT ? 0 : 1;
    }

    private int writeSnapshotIfReady()
    {
        if (!handoff.isReady())
        {
            return 0;
        }
        try
        {
            snapshots.write(handoff.view, handoff.op, handoff.timestampNs, handoff.formatVersion, handoff.buffer, 0,
                handoff.length);
            counters.snapshotsTaken.increment();
            counters.lastSnapshotOp.setRelease(handoff.op);
            EventLog.info("snapshot_written", "partition", partitionId, "view", handoff.view, "op", handoff.op, "bytes",
                handoff.length);
            if (!retainWholeJournal)
            {
                retentionFloorOp.setRelease(snapshots.oldestRetainedOp());
            }
        }
        catch (final RuntimeException ex)
        {
            counters.stageErrors.increment();
            errorHandler.onError(new StageFailureException("snapshot-writer", handoff.op, false, ex));
        }
        finally
        {
            handoff.release();
        }
        return 1;
    }

    @Override
    public void onClose()
    {
        writeSnapshotIfReady();
    }

    /**
     * Where ticks go: the current ring epoch's ingress, which refuses them unless this replica is the primary.
     */
    @FunctionalInterface
    interface TickPublisher
    {
        /**
         * @return the op of the published tick, or 0 if none was published.
         */
        long tryPublishTick(int catchUpLimit);
    }

    @Override
    public String roleName()
    {
        return "anthill-p" + partitionId + "-housekeeper";
    }
}
