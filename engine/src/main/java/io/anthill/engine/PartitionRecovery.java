package io.anthill.engine;

import io.anthill.journal.Journal;
import io.anthill.journal.JournalEntry;
import io.anthill.journal.JournalReader;
import io.anthill.journal.LoadedSnapshot;
import io.anthill.journal.SnapshotCorruptedException;
import io.anthill.journal.SnapshotInfo;
import io.anthill.journal.SnapshotStore;
import io.anthill.journal.eventlog.EventLog;
import org.agrona.ExpandableArrayBuffer;

/**
 * Recovery = newest valid snapshot + replay of the later journal entries through the same business logic. This class
 * picks the starting point and feeds the replay into the ring as {@link EntrySource#REPLAY} entries, so recovery runs
 * the very stages live traffic does, with responses suppressed.
 * <p>
 * When every read model snapshots, recovery starts from the newest valid snapshot that holds every read model (by
 * name) and loads them all; when none does, it replays from op 1 if the journal still holds it, else fails naming
 * the missing read model. A partition with a read model that does not snapshot starts from op 1 whenever the journal
 * still holds it, as the read model is rebuilt from the events the state machine emits.
 */
final class PartitionRecovery
{
    private static final int REPLAY_POLL_LIMIT = 256;
    private static final int INITIAL_BUFFER_CAPACITY = 1024;

    private PartitionRecovery()
    {
    }

    /**
     * Loads the snapshot recovery starts from into the logic and the read models, if any, and checks the journal
     * covers every op after it. A replicated partition whose snapshot is ahead of its journal (it installed a peer's
     * snapshot and stopped before restarting the journal after it) restarts the journal after the snapshot.
     *
     * @return the op recovery starts after: the snapshot's op, or 0.
     */
    static long restoreSnapshot(
        final Journal journal, final SnapshotStore snapshots, final PartitionLogic logic,
        final ProjectionHandler[] readModels, final boolean readModelSnapshots, final boolean replicated)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_BUFFER_CAPACITY);
        final Selected selected;
        if (readModels.length == 0)
        {
            selected = Selected.partitionOnly(snapshots.loadLatest(buffer));
        }
        else if (!readModelSnapshots)
        {
            selected = journal.firstOp() == 1 ? null : Selected.partitionOnly(snapshots.loadLatest(buffer));
        }
        else
        {
            selected = newestWithEveryReadModel(journal, snapshots, buffer, readModels);
        }
        if (null == selected || null == selected.loaded)
        {
            if (journal.firstOp() != 1)
            {
                throw new IllegalStateException("journal of partition " + journal.partitionId() + " starts at op " +
                    journal.firstOp() + " but no valid snapshot covers the ops before it: restore a snapshot into " +
                    "the snapshot directory or replace the journal");
            }
            return 0;
        }
        final long op = selected.loaded.info().op();
        if (op > journal.lastOp() && replicated)
        {
            // a replica stopped between storing a peer's snapshot and restarting its journal after it (or its journal
            // lost entries the snapshot covers): the snapshot holds only committed ops, so the log restarts after it
            EventLog.warn("journal_restarted_after_snapshot", "partition", journal.partitionId(), "snapshot_op", op,
                "journal_last_op", journal.lastOp());
            journal.restartAfter(op, selected.loaded.info().view());
        }
        if (op > journal.lastOp())
        {
            throw new IllegalStateException("snapshot at op " + op + " is ahead of the journal, which ends at op " +
                journal.lastOp() + ": the journal lost entries it had made durable; refusing to start");
        }
        if (op < journal.firstOp() - 1)
        {
            throw new IllegalStateException("snapshot at op " + op + " is older than the journal's first op " +
                journal.firstOp() + ": ops in between are missing");
        }
        selected.apply(buffer, logic, readModels);
        return op;
    }

    /**
     * Loads the newest valid snapshot of the store, which must hold every read model, into the logic and the read
     * models. The caller guarantees no stage thread runs.
     *
     * @return the snapshot's op.
     * @throws ReadModelSnapshotMissingException when the snapshot lacks a read model.
     * @throws IllegalStateException             when there is no valid snapshot.
     */
    static long installLatest(
        final int partitionId, final SnapshotStore snapshots, final PartitionLogic logic,
        final ProjectionHandler[] readModels, final Runnable beforeApply)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_BUFFER_CAPACITY);
        final LoadedSnapshot loaded = snapshots.loadLatest(buffer);
        if (null == loaded)
        {
            throw new IllegalStateException("partition " + partitionId + " has no valid snapshot in " +
                snapshots.directory() + " to install");
        }
        final Selected selected = Selected.locate(buffer, loaded, readModels);
        if (null != selected.missingReadModel)
        {
            throw new ReadModelSnapshotMissingException(partitionId, selected.missingReadModel, loaded.info().op(),
                "cannot install it");
        }
        beforeApply.run();
        selected.apply(buffer, logic, readModels);
        return loaded.info().op();
    }

    private static Selected newestWithEveryReadModel(
        final Journal journal, final SnapshotStore snapshots, final ExpandableArrayBuffer buffer,
        final ProjectionHandler[] readModels)
    {
        Selected lacking = null;
        for (final SnapshotInfo info : snapshots.list())
        {
            if (info.op() < 0)
            {
                continue;
            }
            final LoadedSnapshot loaded;
            try
            {
                loaded = snapshots.load(info.op(), buffer);
            }
            catch (final SnapshotCorruptedException ex)
            {
                continue;
            }
            final Selected selected = Selected.locate(buffer, loaded, readModels);
            if (null == selected.missingReadModel)
            {
                return selected;
            }
            lacking = null == lacking ? selected : lacking;
        }
        if (null != lacking && journal.firstOp() != 1)
        {
            throw new ReadModelSnapshotMissingException(journal.partitionId(), lacking.missingReadModel,
                lacking.loaded.info().op(), "the journal starts at op " + journal.firstOp() +
                ", so the read model cannot be rebuilt from op 1 either");
        }
        return null;
    }

    /**
     * Publishes every journal entry after fromOp - 1 into the ring, blocking on a full ring (only this thread publishes
     * during recovery).
     *
     * @return the last op replayed.
     */
    static long replay(final Journal journal, final CommandIngress ingress, final long fromOp)
    {
        try (JournalReader reader = journal.reader(fromOp))
        {
            while (reader.poll(entry -> publish(ingress, entry), REPLAY_POLL_LIMIT) > 0)
            {
                // each poll hands a bounded run of entries to the ring
            }
            return reader.nextOp() - 1;
        }
    }

    private static void publish(final CommandIngress ingress, final JournalEntry entry)
    {
        final SubmitResult result = ingress.publishJournaled(EntrySource.REPLAY, entry.view(), entry.op(),
            entry.timestampNs(), entry.body(), entry.bodyOffset(), entry.bodyLength(), true);
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("replay of op " + entry.op() + " refused by the ring: " + result);
        }
    }

    /**
     * A loaded snapshot and where each read model's state lies in it (none when read models are not snapshotted).
     */
    private static final class Selected
    {
        final LoadedSnapshot loaded;
        final int[] stateOffsets;
        final int[] stateLengths;
        final String missingReadModel;

        private Selected(
            final LoadedSnapshot loaded, final int[] stateOffsets, final int[] stateLengths,
            final String missingReadModel)
        {
            this.loaded = loaded;
            this.stateOffsets = stateOffsets;
            this.stateLengths = stateLengths;
            this.missingReadModel = missingReadModel;
        }

        static Selected partitionOnly(final LoadedSnapshot loaded)
        {
            return new Selected(loaded, new int[0], new int[0], null);
        }

        static Selected locate(
            final ExpandableArrayBuffer buffer, final LoadedSnapshot loaded, final ProjectionHandler[] readModels)
        {
            final String[] names = new String[readModels.length];
            for (int i = 0; i < names.length; i++)
            {
                names[i] = readModels[i].projection().name();
            }
            final int[] offsets = new int[names.length];
            final int[] lengths = new int[names.length];
            final String missing = new ReadModelSnapshotCodec().locate(buffer, loaded.stateOffset(),
                loaded.stateLength(), loaded.info().op(), names, offsets, lengths);
            return new Selected(loaded, offsets, lengths, missing);
        }

        void apply(final ExpandableArrayBuffer buffer, final PartitionLogic logic, final ProjectionHandler[] readModels)
        {
            final long op = loaded.info().op();
            logic.loadSnapshot(op, buffer, loaded.stateOffset(), loaded.stateLength(), loaded.info().stateFormatVersion());
            for (int i = 0; i < stateLengths.length; i++)
            {
                readModels[i].loadSnapshot(op, buffer, stateOffsets[i], stateLengths[i]);
            }
        }
    }
}
