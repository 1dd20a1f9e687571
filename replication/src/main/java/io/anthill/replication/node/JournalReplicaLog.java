package io.anthill.replication.node;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalCorruptedException;
import io.anthill.journal.JournalEntry;
import io.anthill.journal.JournalEntryHandler;
import io.anthill.journal.JournalReader;
import io.anthill.journal.eventlog.EventLog;
import io.anthill.replication.core.LogEntry;
import io.anthill.replication.core.ReplicaLog;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

/**
 * The protocol core's log port over the partition's Chronicle journal: appends, suffix replacement and reads go
 * straight to the journal, which checksums every entry, so a corrupt entry read for a peer is reported as
 * {@link ReadResult#CORRUPT} and repaired by the core instead of being sent. Owned by the replication agent thread.
 */
final class JournalReplicaLog implements ReplicaLog, JournalEntryHandler
{
    private final Journal journal;
    private final ErrorHandler errorHandler;
    private final boolean pageCacheAcknowledges;
    private JournalReader reader;
    private LogEntry readInto;
    private long lastAppendedTimestampNs;
    private long restartOp = -1;
    private long restartView;

    /**
     * @param journal      the partition's journal, owned by the replication thread.
     * @param durability   the journal's policy: under {@link DurabilityPolicy#NONE}, the documented page-cache opt-in,
     *                     an appended entry counts as held for prepare-ok (safe against process crashes, not against a
     *                     power loss of the whole group); under BATCH and INTERVAL only what was forced counts.
     * @param errorHandler receives read failures.
     */
    JournalReplicaLog(final Journal journal, final DurabilityPolicy durability, final ErrorHandler errorHandler)
    {
        this.journal = journal;
        this.errorHandler = errorHandler;
        this.pageCacheAcknowledges = durability == DurabilityPolicy.NONE;
    }

    @Override
    public long firstOp()
    {
        return journal.firstOp();
    }

    @Override
    public long lastOp()
    {
        return journal.lastOp();
    }

    @Override
    public long durableOp()
    {
        return pageCacheAcknowledges ? journal.lastOp() : journal.durableOp();
    }

    @Override
    public long viewOf(final long op)
    {
        return journal.viewOf(op);
    }

    @Override
    public void append(
        final long op, final long view, final long timestampNs, final DirectBuffer body, final int offset,
        final int length)
    {
        journal.append(view, op, timestampNs, body, offset, length);
        lastAppendedTimestampNs = timestampNs;
    }

    @Override
    public void truncateAfter(final long op)
    {
        journal.truncateAfter(op);
    }

    /**
     * The core installed a peer's snapshot covering every op up to op ({@link PartitionSnapshots}): the journal
     * restarts after it, durably, in the snapshot's view, announced just before by {@link #expectRestartAfter}.
     */
    @Override
    public void resetTo(final long op)
    {
        if (op != restartOp)
        {
            throw new IllegalStateException("log reset to op " + op + " but the installed snapshot is at op " + restartOp);
        }
        journal.restartAfter(op, restartView);
        restartOp = -1;
    }

    /**
     * @param op   the op of the snapshot the partition just loaded.
     * @param view the view of that op: the restarted journal's entries are in it or newer ones.
     */
    void expectRestartAfter(final long op, final long view)
    {
        restartOp = op;
        restartView = view;
    }

    /**
     * @return the journal, for retention after snapshots.
     */
    Journal journal()
    {
        return journal;
    }

    @Override
    public ReadResult read(final long op, final LogEntry into)
    {
        if (op < journal.firstOp() || op > journal.lastOp())
        {
            return ReadResult.ABSENT;
        }
        if (null == reader)
        {
            reader = journal.reader(op);
        }
        reader.seek(op);
        readInto = into;
        try
        {
            return reader.poll(this, 1) == 1 ? ReadResult.OK : ReadResult.ABSENT;
        }
        catch (final JournalCorruptedException ex)
        {
            EventLog.warn("corruption_found", "partition", journal.partitionId(), "file", ex.file(), "op", ex.op(),
                "reason", ex.reason());
            errorHandler.onError(ex);
            return ReadResult.CORRUPT;
        }
    }

    @Override
    public void onEntry(final JournalEntry entry)
    {
        readInto.set(entry.op(), entry.view(), entry.timestampNs(), entry.bodyLength());
        readInto.body().putBytes(0, entry.body(), entry.bodyOffset(), entry.bodyLength());
    }

    /**
     * @return the time stamp of the last append, so the adapter can check the core kept the ring's time stamp.
     */
    long lastAppendedTimestampNs()
    {
        return lastAppendedTimestampNs;
    }

    /**
     * Applies the durability policy to what was appended since the last call.
     *
     * @return the durable op.
     */
    long endBatch()
    {
        final long forced = journal.endBatch();
        return pageCacheAcknowledges ? journal.lastOp() : forced;
    }
}
