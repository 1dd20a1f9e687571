package io.anthill.replication.core;

import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * Normal operation of a view: the primary appends client entries, sends them in batched prepares, counts
 * prepare-oks and commits an op once f + 1 replicas (itself included) hold it durably; followers append prepares
 * that extend their verified log and acknowledge what is durable. Commit numbers travel on prepares and on the
 * idle primary's Commit heartbeats; lagging followers get prepares retransmitted from their last acknowledgement.
 */
final class NormalOperation
{
    private final ReplicaState state;
    private final ReplicaLog log;
    private final ReplicaPublisher publisher;
    private final EntryBatch outbound;
    private final ReplicaContext ctx;
    private final long[] ackedOp;
    private final long[] lastRetransmitNs;
    private final long[] lastAckProgressNs;
    private final long[] sortScratch;
    private ViewChange viewChange;
    private StateTransfer transfer;
    private long sentOp;
    private long lastHeartbeatNs;
    private long lastTimestampNs;
    private long lastAckSentOp = -1;
    private long gapSinceNs = -1;
    private long gapAtOp = -1;
    private long handOvers;

    NormalOperation(final ReplicaContext ctx, final ReplicaState state, final ReplicaLog log, final ReplicaPublisher publisher,
        final EntryBatch outbound)
    {
        this.ctx = ctx;
        this.state = state;
        this.log = log;
        this.publisher = publisher;
        this.outbound = outbound;
        ackedOp = new long[state.replicaCount];
        lastRetransmitNs = new long[state.replicaCount];
        lastAckProgressNs = new long[state.replicaCount];
        sortScratch = new long[state.replicaCount];
    }

    void wire(final ViewChange viewChange, final StateTransfer transfer)
    {
        this.viewChange = viewChange;
        this.transfer = transfer;
    }

    /**
     * Called whenever this replica becomes NORMAL in a view, as primary or follower.
     */
    /**
     * @return the highest op the replica acknowledged in this view, as the primary knows it (0 on a follower).
     */
    long ackedOp(final int replica)
    {
        return ackedOp[replica];
    }

    void onViewStarted()
    {
        Arrays.fill(ackedOp, 0);
        Arrays.fill(lastRetransmitNs, state.nowNs);
        Arrays.fill(lastAckProgressNs, state.nowNs);
        sentOp = log.lastOp();
        lastHeartbeatNs = state.nowNs;
        lastAckSentOp = -1;
        gapSinceNs = -1;
        gapAtOp = -1;
    }

    long submit(final DirectBuffer body, final int offset, final int length)
    {
        if (state.status != ReplicaStatus.NORMAL)
        {
            return Replica.NOT_NORMAL;
        }
        if (state.primaryOf(state.view) != state.self || state.handingOver)
        {
            return Replica.NOT_PRIMARY;
        }
        if (length > ctx.bodyBytesMax() || length < 0)
        {
            return Replica.TOO_LARGE;
        }
        if (log.lastOp() - state.commitOp >= ctx.pendingOpsMax())
        {
            return Replica.BACK_PRESSURE;
        }
        // the state machine's clock: never backwards, even when the primary's clock jumps back
        lastTimestampNs = Math.max(lastTimestampNs, state.nowNs);
        final long op = log.lastOp() + 1;
        log.append(op, state.view, lastTimestampNs, body, offset, length);
        state.syncedOp = op;
        if (state.defect == ProtocolDefect.COMMIT_WITHOUT_QUORUM)
        {
            state.advanceCommit(op);
        }
        return op;
    }

    void flush()
    {
        if (!state.isPrimary())
        {
            return;
        }
        while (sentOp < log.lastOp())
        {
            if (!readForSend(sentOp + 1, log.lastOp()))
            {
                return;
            }
            for (int i = 0; i < state.replicaCount; i++)
            {
                if (i != state.self)
                {
                    publisher.prepare(i, state.commitOp, outbound);
                }
            }
            sentOp = outbound.lastOp();
            lastHeartbeatNs = state.nowNs;
        }
        recomputeCommit();
    }

    private boolean readForSend(final long fromOp, final long toOp)
    {
        final ReplicaLog.ReadResult result = outbound.fill(log, fromOp, toOp);
        if (result == ReplicaLog.ReadResult.CORRUPT)
        {
            transfer.repair(fromOp + outbound.size());
            return false;
        }
        return outbound.size() > 0;
    }

    void onTick()
    {
        if (state.status != ReplicaStatus.NORMAL)
        {
            return;
        }
        if (state.isPrimary())
        {
            flush();
            if (state.isPrimary())
            {
                primaryTick();
                handOverIfDrained();
            }
        }
        else
        {
            sendAckIfAdvanced();
            if (state.nowNs - state.lastPrimaryContactNs > ctx.electionTimeoutNs())
            {
                viewChange.start(state.view + 1);
            }
        }
    }

    /**
     * The planned hand-over: stop starting ops, let the prepared ones commit, then start the view change to view + 1
     * the normal way. This replica then holds the longest log of the view, so the next primary (view + 1) mod n takes
     * every entry, committed or not; until then new entries are refused as NOT_PRIMARY and their clients retry.
     */
    StepDownResult stepDown()
    {
        if (state.status != ReplicaStatus.NORMAL)
        {
            return StepDownResult.NOT_NORMAL;
        }
        if (!state.isPrimary())
        {
            return StepDownResult.NOT_PRIMARY;
        }
        if (state.handingOver)
        {
            return StepDownResult.IN_PROGRESS;
        }
        if (state.replicaCount == 1)
        {
            return StepDownResult.SINGLE_REPLICA;
        }
        state.handingOver = true;
        state.handOverDeadlineNs = state.nowNs + ctx.handOverTimeoutNs();
        handOvers++;
        flush();
        handOverIfDrained();
        return StepDownResult.STARTED;
    }

    private void handOverIfDrained()
    {
        if (state.handingOver && state.isPrimary() &&
            (state.commitOp == log.lastOp() || state.nowNs - state.handOverDeadlineNs >= 0))
        {
            viewChange.start(state.view + 1);
        }
    }

    long handOvers()
    {
        return handOvers;
    }

    private void primaryTick()
    {
        for (int i = 0; i < state.replicaCount; i++)
        {
            // keyed on acknowledgement progress, not on the last send: under steady load new prepares go out all the
            // time, and a follower that missed one would otherwise wait until the primary is idle
            if (i != state.self && ackedOp[i] < log.lastOp() && state.nowNs - lastAckProgressNs[i] >= ctx.retransmitIntervalNs() &&
                state.nowNs - lastRetransmitNs[i] >= ctx.retransmitIntervalNs())
            {
                final long from = Math.max(ackedOp[i] + 1, log.firstOp());
                if (!readForSend(from, log.lastOp()))
                {
                    return;
                }
                publisher.prepare(i, state.commitOp, outbound);
                lastRetransmitNs[i] = state.nowNs;
            }
        }
        if (state.nowNs - lastHeartbeatNs >= ctx.heartbeatIntervalNs())
        {
            lastHeartbeatNs = state.nowNs;
            for (int i = 0; i < state.replicaCount; i++)
            {
                if (i != state.self)
                {
                    publisher.commit(i, state.commitOp);
                }
            }
        }
    }

    boolean onPrepare(final int sender, final long view, final long commitOp, final EntryBatch entries)
    {
        if (view < state.view)
        {
            return state.defect == ProtocolDefect.ACCEPT_OLDER_VIEW_PREPARE && acceptStalePrepare(sender, view, entries);
        }
        if (sender != state.primaryOf(view) || state.status == ReplicaStatus.RECOVERING)
        {
            return false;
        }
        if (view > state.view || state.status != ReplicaStatus.NORMAL)
        {
            viewChange.learnStartedView(view);
            return true;
        }
        state.lastPrimaryContactNs = state.nowNs;
        if (isBehindRetainedLog(entries))
        {
            return true;
        }
        appendContiguous(entries);
        state.primaryCommitOp = Math.max(state.primaryCommitOp, commitOp);
        state.advanceCommit(state.primaryCommitOp);
        sendAck();
        return true;
    }

    /**
     * Prepares that keep starting past this follower's log for two retransmit intervals mean the primary no longer
     * holds what it misses (its log was trimmed after a snapshot): stop acknowledging and pull, which ends in a
     * snapshot transfer when needed.
     */
    private boolean isBehindRetainedLog(final EntryBatch entries)
    {
        if (entries.size() == 0 || entries.firstOp() <= log.lastOp() + 1)
        {
            gapSinceNs = -1;
            return false;
        }
        if (gapSinceNs < 0 || gapAtOp != log.lastOp())
        {
            gapSinceNs = state.nowNs; // a new gap, or progress since the last one
            gapAtOp = log.lastOp();
            return false;
        }
        if (state.nowNs - gapSinceNs <= 2 * ctx.retransmitIntervalNs())
        {
            return false;
        }
        gapSinceNs = -1;
        viewChange.fallBehind();
        return true;
    }

    private boolean acceptStalePrepare(final int sender, final long view, final EntryBatch entries)
    {
        if (state.status != ReplicaStatus.NORMAL || state.isPrimary())
        {
            return false;
        }
        appendContiguous(entries);
        publisher.prepareOk(sender, view, Math.min(state.syncedOp, log.durableOp()));
        return true;
    }

    private void appendContiguous(final EntryBatch entries)
    {
        for (int i = 0; i < entries.size(); i++)
        {
            final LogEntry e = entries.get(i);
            if (e.op() == log.lastOp() + 1)
            {
                log.append(e.op(), e.view(), e.timestampNs(), e.body(), 0, e.bodyLength());
                state.syncedOp = e.op();
            }
        }
    }

    boolean onPrepareOk(final int sender, final long view, final long op)
    {
        if (view != state.view || !state.isPrimary())
        {
            return false;
        }
        if (op > log.lastOp())
        {
            return false; // acknowledges what this primary never sent: a peer bug, dropped
        }
        if (op > ackedOp[sender])
        {
            ackedOp[sender] = op;
            lastAckProgressNs[sender] = state.nowNs;
        }
        recomputeCommit();
        return true;
    }

    boolean onCommit(final int sender, final long view, final long commitOp)
    {
        if (view < state.view || sender != state.primaryOf(view) || state.status == ReplicaStatus.RECOVERING)
        {
            return false;
        }
        if (view > state.view || state.status != ReplicaStatus.NORMAL)
        {
            viewChange.learnStartedView(view);
            return true;
        }
        state.lastPrimaryContactNs = state.nowNs;
        state.primaryCommitOp = Math.max(state.primaryCommitOp, commitOp);
        state.advanceCommit(state.primaryCommitOp);
        sendAck();
        return true;
    }

    void sendAckIfAdvanced()
    {
        if (state.status == ReplicaStatus.NORMAL && !state.isPrimary() && Math.min(state.syncedOp, log.durableOp()) > lastAckSentOp)
        {
            sendAck();
        }
    }

    private void sendAck()
    {
        final long ack = Math.min(state.syncedOp, log.durableOp());
        publisher.prepareOk(state.primaryOf(state.view), state.view, ack);
        lastAckSentOp = ack;
    }

    void recomputeCommit()
    {
        if (!state.isPrimary())
        {
            return;
        }
        ackedOp[state.self] = Math.min(log.durableOp(), log.lastOp());
        System.arraycopy(ackedOp, 0, sortScratch, 0, ackedOp.length);
        Arrays.sort(sortScratch);
        // the quorum-th highest acknowledgement: f + 1 replicas, the primary included, hold everything up to it
        final long quorumOp = sortScratch[sortScratch.length - state.quorum];
        state.advanceCommit(quorumOp);
    }
}
