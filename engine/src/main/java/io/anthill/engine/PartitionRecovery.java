package io.anthill.engine;

import io.anthill.journal.Journal;
import io.anthill.journal.JournalEntry;
import io.anthill.journal.JournalReader;
import io.anthill.journal.LoadedSnapshot;
import io.anthill.journal.SnapshotStore;
import org.agrona.ExpandableArrayBuffer;

/**
 * Recovery = newest valid snapshot + replay of the later journal entries through the same business logic. This class
 * picks the starting point and feeds the replay into the ring as {@link EntrySource#REPLAY} entries, so recovery runs
 * the very stages live traffic does, with responses suppressed.
 * <p>
 * A partition with read models starts from op 1 whenever the journal still holds it: read models are rebuilt from
 * the events the state machine emits, which a snapshot of the state machine does not carry.
 */
final class PartitionRecovery
{
    private static final int REPLAY_POLL_LIMIT = 256;

    private PartitionRecovery()
    {
    }

    /**
     * Loads the snapshot recovery starts from into the logic, if any, and checks the journal covers every op after it.
     *
     * @return the op recovery starts after: the snapshot's op, or 0.
     */
    static long restoreSnapshot(
        final Journal journal, final SnapshotStore snapshots, final PartitionLogic logic, final boolean hasProjections)
    {
        final boolean replayFromFirstOp = hasProjections && journal.firstOp() == 1;
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final LoadedSnapshot loaded = replayFromFirstOp ? null : snapshots.loadLatest(buffer);
        if (null == loaded)
        {
            if (journal.firstOp() != 1)
            {
                throw new IllegalStateException("journal of partition " + journal.partitionId() + " starts at op " +
                    journal.firstOp() + " but no valid snapshot covers the ops before it: restore a snapshot into " +
                    "the snapshot directory or replace the journal");
            }
            return 0;
        }
        final long op = loaded.info().op();
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
        logic.loadSnapshot(op, buffer, loaded.stateOffset(), loaded.stateLength(), loaded.info().stateFormatVersion());
        return op;
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
}
