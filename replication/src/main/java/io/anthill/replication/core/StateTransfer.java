package io.anthill.replication.core;

import io.anthill.codecs.replication.StateStatus;

/**
 * State transfer: a replica that is behind the view's log pulls it from the primary (GetState answered with a
 * StartView when the rest fits one message, else with committed entries), a new primary fetches committed entries
 * it lacks from the replica with the chosen log, and a replica whose log fails a checksum repairs it from peers.
 * Installing never changes a committed entry; it truncates only at the first entry that differs (same op, other
 * view: by the log-matching property the logs agree before it).
 */
final class StateTransfer
{
    private final ReplicaContext ctx;
    private final ReplicaState state;
    private final ReplicaLog log;
    private final ReplicaPublisher publisher;
    private final EntryBatch outbound;
    private ViewChange viewChange;
    private Recovery recovery;
    private SnapshotTransfer snapshot;
    private long repairs;

    StateTransfer(final ReplicaContext ctx, final ReplicaState state, final ReplicaLog log, final ReplicaPublisher publisher,
        final EntryBatch outbound)
    {
        this.ctx = ctx;
        this.state = state;
        this.log = log;
        this.publisher = publisher;
        this.outbound = outbound;
    }

    void wire(final ViewChange viewChange, final Recovery recovery, final SnapshotTransfer snapshot)
    {
        this.viewChange = viewChange;
        this.recovery = recovery;
        this.snapshot = snapshot;
    }

    long repairs()
    {
        return repairs;
    }

    private long nextNeededOp()
    {
        return log.lastOp() < state.commitOp ? log.lastOp() + 1 : state.commitOp + 1;
    }

    void pull()
    {
        if (snapshot.isActive())
        {
            snapshot.request();
            return;
        }
        publisher.getState(state.primaryOf(state.view), nextNeededOp(), false);
    }

    void fetchCommitted(final int fromReplica)
    {
        if (snapshot.isActive())
        {
            snapshot.request();
            return;
        }
        publisher.getState(fromReplica, nextNeededOp(), true);
    }

    boolean onSnapshotChunk(final int sender, final long snapshotOp, final long length, final long position,
        final StateStatus status, final org.agrona.DirectBuffer buffer, final int offset, final int chunkLength)
    {
        final long commitBefore = state.commitOp;
        final boolean handled = snapshot.onSnapshotChunk(sender, snapshotOp, length, position, status, buffer, offset, chunkLength);
        if (state.commitOp > commitBefore)
        {
            afterProgress();
        }
        return handled;
    }

    /**
     * The log failed a checksum at badOp: drop it and everything after, and recover the rest from peers.
     */
    void repair(final long badOp)
    {
        repairs++;
        recovery.restartForRepair(badOp);
    }

    boolean onGetState(final int sender, final long view, final long fromOp, final boolean committedOnly)
    {
        if (state.status == ReplicaStatus.RECOVERING || fromOp < 1 || fromOp > log.lastOp() + 1)
        {
            return false;
        }
        if (fromOp < log.firstOp())
        {
            outbound.clear();
            publisher.newState(sender, fromOp, StateStatus.SNAPSHOT_REQUIRED, outbound);
            return true;
        }
        if (committedOnly)
        {
            return serveCommitted(sender, fromOp);
        }
        if (!state.isPrimary() || view != state.view)
        {
            return false;
        }
        final long lastOp = log.lastOp();
        if (lastOp - fromOp + 1 > ctx.batchEntriesMax())
        {
            return serveCommitted(sender, fromOp);
        }
        if (!read(fromOp, lastOp))
        {
            return true;
        }
        publisher.startView(sender, lastOp, state.commitOp, outbound);
        return true;
    }

    private boolean serveCommitted(final int sender, final long fromOp)
    {
        if (!read(fromOp, Math.min(state.commitOp, fromOp + ctx.batchEntriesMax() - 1)))
        {
            return true;
        }
        publisher.newState(sender, fromOp, StateStatus.ENTRIES, outbound);
        return true;
    }

    private boolean read(final long fromOp, final long toOp)
    {
        final ReplicaLog.ReadResult result = outbound.fill(log, fromOp, toOp);
        if (result == ReplicaLog.ReadResult.CORRUPT)
        {
            repair(fromOp + outbound.size());
            return false;
        }
        return true;
    }

    boolean onNewState(final int sender, final StateStatus status, final boolean committedOnly, final EntryBatch entries)
    {
        if (state.status == ReplicaStatus.NORMAL || !committedOnly)
        {
            return false;
        }
        if (status == StateStatus.SNAPSHOT_REQUIRED && !snapshot.isActive())
        {
            snapshot.start(sender);
            return true;
        }
        if (status != StateStatus.ENTRIES)
        {
            return false;
        }
        for (int i = 0; i < entries.size(); i++)
        {
            final LogEntry e = entries.get(i);
            if (e.op() > log.lastOp() + 1 || e.op() > state.commitOp + 1)
            {
                break;
            }
            installMatching(e);
            if (e.op() > state.commitOp)
            {
                state.syncedOp = Math.max(state.syncedOp, e.op());
                state.advanceCommit(e.op());
            }
        }
        if (entries.size() > 0)
        {
            afterProgress();
        }
        return true;
    }

    private void afterProgress()
    {
        state.statusChangedNs = state.nowNs;
        if (state.status == ReplicaStatus.VIEW_CHANGE && !state.startViewKnown)
        {
            viewChange.tryStartView();
        }
        else if (state.startViewKnown)
        {
            pull();
        }
    }

    /**
     * Installs a suffix that connects to the committed prefix and ends at op: afterwards the log is exactly the
     * sender's log up to op.
     */
    void installSuffix(final EntryBatch entries, final long op)
    {
        if (op < state.commitOp)
        {
            throw new IllegalStateException("suffix ending at " + op + " below commit: " + state);
        }
        for (int i = 0; i < entries.size(); i++)
        {
            final LogEntry e = entries.get(i);
            if (e.op() <= state.commitOp && e.op() <= log.lastOp())
            {
                continue;
            }
            installMatching(e);
        }
        if (log.lastOp() > op)
        {
            log.truncateAfter(op);
            state.onTruncated(op);
        }
        if (log.lastOp() != op)
        {
            throw new IllegalStateException("installed suffix ends at " + log.lastOp() + " not " + op);
        }
        state.syncedOp = op;
    }

    private void installMatching(final LogEntry e)
    {
        if (e.op() < log.firstOp())
        {
            return; // covered by the snapshot this log starts after: committed
        }
        if (e.op() <= log.lastOp())
        {
            if (log.viewOf(e.op()) == e.view())
            {
                return;
            }
            if (e.op() <= state.commitOp && state.status != ReplicaStatus.RECOVERING)
            {
                throw new IllegalStateException("committed op " + e.op() + " differs from the view's log: " + state);
            }
            log.truncateAfter(e.op() - 1);
            state.onTruncated(e.op() - 1);
        }
        log.append(e.op(), e.view(), e.timestampNs(), e.body(), 0, e.bodyLength());
    }
}
