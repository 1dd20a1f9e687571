package io.anthill.engine;

import com.lmax.disruptor.EventHandler;

/**
 * The business-logic stage: applies each committed entry through the deterministic {@link PartitionLogic}, takes
 * snapshots when due (every N ops, or when a snapshot-request entry is applied; never while replaying), and
 * publishes its progress for the timer and its tallies to the partition's counters. When read models are snapshotted
 * too, it marks the entry a snapshot was taken at, so each read model's stage writes its state at the same op.
 */
final class BusinessLogicHandler implements EventHandler<PartitionEvent>
{
    private final PartitionLogic logic;
    private final StateMachine stateMachine;
    private final AppliedProgress progress;
    private final SnapshotHandoff snapshotHandoff;
    private final long snapshotIntervalOps;
    private final PartitionCounters counters;
    private final boolean readModelSnapshots;
    private final int ringEpoch;
    private boolean snapshotDue;
    private boolean snapshotDeferred;

    BusinessLogicHandler(
        final PartitionLogic logic, final StateMachine stateMachine, final AppliedProgress progress,
        final SnapshotHandoff snapshotHandoff, final long snapshotIntervalOps, final PartitionCounters counters,
        final boolean readModelSnapshots, final int ringEpoch)
    {
        this.readModelSnapshots = readModelSnapshots;
        this.ringEpoch = ringEpoch;
        this.logic = logic;
        this.stateMachine = stateMachine;
        this.progress = progress;
        this.snapshotHandoff = snapshotHandoff;
        this.snapshotIntervalOps = snapshotIntervalOps;
        this.counters = counters;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch)
    {
        final ApplyOutput output = event.output;
        output.reset();
        final boolean replaying = event.source.isReplaying();
        logic.apply(event.op, event.timestampNs, replaying, event.body, 0, event.bodyLength, output);
        final boolean requested = logic.takeSnapshotRequest();
        if (!replaying && (requested || (snapshotIntervalOps > 0 && event.op % snapshotIntervalOps == 0)))
        {
            snapshotDue = true;
        }
        event.snapshotMark = snapshotDue && trySnapshot(event) && readModelSnapshots;
        progress.publish(event.op, logic.nextAlarmDeadlineNs());
        if (endOfBatch)
        {
            publishTallies();
        }
    }

    /**
     * @return true if the snapshot was taken at this entry.
     */
    private boolean trySnapshot(final PartitionEvent event)
    {
        if (!snapshotHandoff.isFree())
        {
            if (!snapshotDeferred)
            {
                snapshotDeferred = true;
                counters.snapshotsDeferred.incrementRelease();
            }
            return false;
        }
        snapshotHandoff.length = logic.snapshotCodec().encode(snapshotHandoff.buffer);
        snapshotHandoff.view = event.view;
        snapshotHandoff.op = event.op;
        snapshotHandoff.timestampNs = event.timestampNs;
        snapshotHandoff.formatVersion = stateMachine.snapshotFormatVersion();
        snapshotHandoff.ringEpoch = ringEpoch;
        snapshotHandoff.publish();
        snapshotDue = false;
        snapshotDeferred = false;
        return true;
    }

    private void publishTallies()
    {
        final LogicTallies tallies = logic.tallies();
        counters.entriesApplied.setRelease(tallies.entriesApplied);
        counters.duplicates.setRelease(tallies.duplicates);
        counters.requestsTooOld.setRelease(tallies.requestsTooOld);
        counters.sessionsEvicted.setRelease(tallies.sessionsEvicted);
        counters.alarmsFired.setRelease(tallies.alarmsFired);
        counters.timerTicks.setRelease(tallies.timerTicks);
        counters.stateMachineErrors.setRelease(tallies.stateMachineErrors);
    }
}
