package io.anthill.engine;

import java.util.concurrent.atomic.AtomicInteger;
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
 * snapshot costs the ring only the copy of the state. When read models are snapshotted too, it writes the file once
 * every read model's part for the snapshot's op has come, and abandons the snapshot (counted) when one never will:
 * its ring epoch ended, the partition is closing, or the read model failed to write it. Retention follows: once a
 * snapshot is on disk the journal may drop cycles wholly before the oldest kept snapshot (never for a replicated
 * partition, nor one with a read model that does not snapshot, which is rebuilt from op 1; see docs/engine.md).
 * Being the partition's slow thread, it also turns the OVERLOADED refusal counters
 * into {@code overload_start} / {@code overload_end} event-log lines (the refusing paths only count), and logs each
 * snapshot written.
 */
final class PartitionHousekeeper implements Agent
{
    private static final long NO_TICK_IN_FLIGHT = 0;
    private static final int PARTS_READY = 0;
    private static final int PARTS_WAITING = 1;
    private static final int PARTS_FAILED = 2;
    private static final int NOT_WRITTEN = -1;

    private final int partitionId;
    private final TickPublisher ticks;
    private final AppliedProgress progress;
    private final SnapshotHandoff handoff;
    private final SnapshotStore snapshots;
    private final ProjectionHandler[] readModels;
    private final byte[][] readModelNames;
    private final AtomicInteger ringEpoch;
    private final ReadModelSnapshotCodec readModelCodec = new ReadModelSnapshotCodec();
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
    private boolean closing;

    PartitionHousekeeper(
        final TickPublisher ticks, final PartitionParts parts, final ProjectionHandler[] readModels,
        final SnapshotStore snapshots, final boolean retainWholeJournal, final PartitionContext ctx,
        final PartitionGauges gauges)
    {
        this.gauges = gauges;
        this.partitionId = ctx.partitionId();
        this.ticks = ticks;
        this.progress = parts.progress;
        this.handoff = parts.snapshotHandoff;
        this.snapshots = snapshots;
        this.readModels = parts.readModelSnapshots ? readModels : new ProjectionHandler[0];
        this.readModelNames = new byte[this.readModels.length][];
        for (int i = 0; i < this.readModels.length; i++)
        {
            readModelNames[i] = ReadModelSnapshotCodec.asciiName(this.readModels[i].projection());
        }
        this.ringEpoch = parts.ringEpoch;
        this.retentionFloorOp = parts.retentionFloorOp;
        this.retainWholeJournal = retainWholeJournal;
        final PartitionCounters counters = parts.counters;
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
        // read before the parts: an epoch that has ended has stopped its threads, so its parts are final
        final int epochNow = ringEpoch.get();
        final int partsState = readModelPartsState();
        if (partsState == PARTS_WAITING && epochNow == handoff.ringEpoch && !closing)
        {
            return 0;
        }
        final long view = handoff.view;
        final long op = handoff.op;
        try
        {
            final int written = writeOrAbandonThenRelease(partsState == PARTS_READY, view, op);
            // counted only once the hand-off is free: whoever sees the count may rely on the next snapshot being taken
            if (written != NOT_WRITTEN)
            {
                onWritten(view, op, written);
            }
        }
        catch (final RuntimeException ex)
        {
            counters.stageErrors.increment();
            errorHandler.onError(new StageFailureException("snapshot-writer", op, false, ex));
        }
        return 1;
    }

    /**
     * Writes the snapshot in the hand-off (or counts it abandoned when a read model's part failed or its epoch ended),
     * then frees the hand-off and the parts whatever happened, so the business logic can take the next one.
     *
     * @return the snapshot's length, or NOT_WRITTEN.
     */
    private int writeOrAbandonThenRelease(final boolean partsReady, final long view, final long op)
    {
        try
        {
            if (partsReady)
            {
                return write();
            }
            counters.snapshotsAbandoned.increment();
            EventLog.info("snapshot_abandoned", "partition", partitionId, "view", view, "op", op);
            return NOT_WRITTEN;
        }
        finally
        {
            for (final ProjectionHandler readModel : readModels)
            {
                readModel.snapshotHandoff().release();
            }
            handoff.release();
        }
    }

    private int readModelPartsState()
    {
        int state = PARTS_READY;
        for (final ProjectionHandler readModel : readModels)
        {
            final ReadModelSnapshotHandoff part = readModel.snapshotHandoff();
            if (!part.isReady(handoff.op))
            {
                state = PARTS_WAITING;
            }
            else if (part.length() == ReadModelSnapshotHandoff.FAILED)
            {
                return PARTS_FAILED;
            }
        }
        return state;
    }

    /**
     * Appends every read model's part after the partition's state in the hand-off buffer and writes the whole.
     *
     * @return the snapshot's length in bytes.
     */
    private int write()
    {
        int length = handoff.length;
        for (int i = 0; i < readModels.length; i++)
        {
            final ReadModelSnapshotHandoff part = readModels[i].snapshotHandoff();
            length += readModelCodec.encode(handoff.buffer, length, readModelNames[i], handoff.op, part.buffer,
                part.length());
        }
        snapshots.write(handoff.view, handoff.op, handoff.timestampNs, handoff.formatVersion, handoff.buffer, 0,
            length);
        return length;
    }

    private void onWritten(final long view, final long op, final int length)
    {
        counters.snapshotsTaken.increment();
        counters.lastSnapshotOp.setRelease(op);
        EventLog.info("snapshot_written", "partition", partitionId, "view", view, "op", op, "bytes",
            length, "read_models", readModels.length);
        if (!retainWholeJournal)
        {
            retentionFloorOp.setRelease(snapshots.oldestRetainedOp());
        }
    }

    @Override
    public void onClose()
    {
        closing = true;
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
