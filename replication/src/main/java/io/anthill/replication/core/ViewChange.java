package io.anthill.replication.core;

/**
 * The view change of VR Revisited. A replica that gives up on the primary sends StartViewChange for the next view;
 * after f others agree it sends DoViewChange (its last normal view, its verified op, its commit and the log suffix
 * above it) to the new primary, replica (view mod n). With f + 1 of them the new primary takes the log with the
 * highest (last normal view, op), first fetching committed entries it lacks, installs it, truncating the suffixes
 * the old view did not commit, and sends StartView. A replica becomes NORMAL in a view only with that view's whole
 * starting log: when StartView does not connect to its committed prefix it pulls the log from the primary.
 */
final class ViewChange
{
    private final ReplicaContext ctx;
    private final ReplicaState state;
    private final ReplicaLog log;
    private final ReplicaPublisher publisher;
    private final NormalOperation normal;
    private final StateTransfer transfer;
    private final EntryBatch outbound;
    private EntryBatch best;
    private int svcMask;
    private int dvcMask;
    private boolean dvcSent;
    private boolean fetching;
    private int bestReplica;
    private long bestLastNormalView;
    private long bestOp;
    private long bestCommitOp;
    private long maxCommitOp;
    private long minCommitOp;
    private long lastSendNs;

    ViewChange(final ReplicaContext ctx, final ReplicaState state, final ReplicaLog log, final ReplicaPublisher publisher,
        final NormalOperation normal, final StateTransfer transfer, final EntryBatch outbound, final EntryBatch best)
    {
        this.ctx = ctx;
        this.state = state;
        this.log = log;
        this.publisher = publisher;
        this.normal = normal;
        this.transfer = transfer;
        this.outbound = outbound;
        this.best = best;
    }

    void start(final long newView)
    {
        state.transition(ReplicaStatus.VIEW_CHANGE, newView);
        svcMask = state.bit(state.self);
        dvcMask = 0;
        dvcSent = false;
        fetching = false;
        bestReplica = -1;
        maxCommitOp = 0;
        minCommitOp = Long.MAX_VALUE;
        broadcastStartViewChange();
    }

    private void broadcastStartViewChange()
    {
        lastSendNs = state.nowNs;
        for (int i = 0; i < state.replicaCount; i++)
        {
            if (i != state.self)
            {
                publisher.startViewChange(i);
            }
        }
    }

    /**
     * A message from the primary of a view newer than ours (or of ours while we change view) shows it started:
     * stop voting and pull its log.
     */
    void learnStartedView(final long view)
    {
        if (view > state.view || state.status == ReplicaStatus.NORMAL)
        {
            state.transition(ReplicaStatus.VIEW_CHANGE, view);
        }
        state.startViewKnown = true;
        transfer.pull();
    }

    /**
     * Moves to the view a StartViewChange or DoViewChange names, if this replica may take part in it.
     *
     * @return false when the message must be ignored.
     */
    private boolean join(final long view)
    {
        if (state.status == ReplicaStatus.RECOVERING)
        {
            // strictly newer: a primary that restarted must never lead the same view twice (it would reassign ops)
            if (!state.mayVoteWhileRecovering || view <= state.view)
            {
                return false;
            }
            start(view);
            return true;
        }
        if (view < state.view)
        {
            return false;
        }
        if (view > state.view)
        {
            start(view);
        }
        return true;
    }

    /**
     * A NORMAL follower that cannot catch up through prepares leaves NORMAL (same view) and pulls the view's log.
     */
    void fallBehind()
    {
        state.transition(ReplicaStatus.VIEW_CHANGE, state.view);
        state.startViewKnown = true;
        transfer.pull();
    }

    boolean onStartViewChange(final int sender, final long view)
    {
        if (!join(view))
        {
            return false;
        }
        if (state.status != ReplicaStatus.VIEW_CHANGE || state.startViewKnown)
        {
            return false;
        }
        svcMask |= state.bit(sender);
        maybeSendDoViewChange();
        return true;
    }

    private void maybeSendDoViewChange()
    {
        if (dvcSent || Integer.bitCount(svcMask) < state.quorum)
        {
            return;
        }
        dvcSent = true;
        if (state.primaryOf(state.view) == state.self)
        {
            recordOwnClaim();
            tryStartView();
        }
        else
        {
            sendDoViewChange();
        }
    }

    private void sendDoViewChange()
    {
        final ReplicaLog.ReadResult result = outbound.fill(log, state.commitOp + 1, state.syncedOp);
        if (result == ReplicaLog.ReadResult.CORRUPT)
        {
            transfer.repair(state.commitOp + 1 + outbound.size());
            return;
        }
        if (outbound.size() != state.syncedOp - state.commitOp)
        {
            throw new IllegalStateException("view change suffix does not fit a message: " + state);
        }
        publisher.doViewChange(state.primaryOf(state.view), state.lastNormalView, state.syncedOp, state.commitOp, outbound);
    }

    private void recordOwnClaim()
    {
        dvcMask |= state.bit(state.self);
        maxCommitOp = Math.max(maxCommitOp, state.commitOp);
        minCommitOp = Math.min(minCommitOp, state.commitOp);
        if (bestReplica < 0 || isBetter(state.lastNormalView, state.syncedOp))
        {
            bestReplica = state.self;
            bestLastNormalView = state.lastNormalView;
            bestOp = state.syncedOp;
            bestCommitOp = state.commitOp;
        }
    }

    private boolean isBetter(final long lastNormalView, final long op)
    {
        final boolean higher = lastNormalView > bestLastNormalView || (lastNormalView == bestLastNormalView && op > bestOp);
        if (state.defect == ProtocolDefect.WRONG_LOG_CHOICE)
        {
            return lastNormalView < bestLastNormalView || (lastNormalView == bestLastNormalView && op < bestOp);
        }
        return higher;
    }

    boolean onDoViewChange(final int sender, final long view, final long lastNormalView, final long op, final long commitOp,
        final EntryBatch entries)
    {
        if (!join(view))
        {
            return false;
        }
        if (state.status != ReplicaStatus.VIEW_CHANGE || state.startViewKnown || state.primaryOf(view) != state.self)
        {
            return false;
        }
        svcMask |= state.bit(sender);
        if ((dvcMask & state.bit(sender)) == 0 && isConsistentClaim(op, commitOp, entries))
        {
            dvcMask |= state.bit(sender);
            maxCommitOp = Math.max(maxCommitOp, commitOp);
            minCommitOp = Math.min(minCommitOp, commitOp);
            if (bestReplica < 0 || isBetter(lastNormalView, op))
            {
                bestReplica = sender;
                bestLastNormalView = lastNormalView;
                bestOp = op;
                bestCommitOp = commitOp;
                copy(entries, best);
            }
        }
        maybeSendDoViewChange();
        tryStartView();
        return true;
    }

    private static boolean isConsistentClaim(final long op, final long commitOp, final EntryBatch entries)
    {
        return entries.size() == op - commitOp && (entries.size() == 0 || (entries.firstOp() == commitOp + 1 && entries.lastOp() == op));
    }

    private static void copy(final EntryBatch from, final EntryBatch to)
    {
        to.clear();
        for (int i = 0; i < from.size(); i++)
        {
            final LogEntry e = from.get(i);
            to.add(e.op(), e.view(), e.timestampNs(), e.body(), 0, e.bodyLength());
        }
    }

    /**
     * The new primary starts the view once it holds f + 1 claims (its own among them) and the chosen log connects
     * to its committed prefix; until then it fetches committed entries from the replica with the chosen log.
     */
    void tryStartView()
    {
        if (state.status != ReplicaStatus.VIEW_CHANGE || (dvcMask & state.bit(state.self)) == 0 ||
            Integer.bitCount(dvcMask) < state.quorum)
        {
            return;
        }
        if (bestReplica != state.self)
        {
            if (state.commitOp < bestCommitOp)
            {
                fetching = true;
                transfer.fetchCommitted(bestReplica);
                return;
            }
            if (state.commitOp > bestOp)
            {
                // the fetch brought entries committed after the claims were made: a newer view exists, this one is
                // stale; wait for its timeout or for the newer primary's messages
                fetching = false;
                return;
            }
            transfer.installSuffix(best, bestOp);
        }
        else if (log.lastOp() > state.syncedOp)
        {
            log.truncateAfter(state.syncedOp);
        }
        if (maxCommitOp > state.syncedOp)
        {
            throw new IllegalStateException("chosen log " + state.syncedOp + " lacks committed op " + maxCommitOp);
        }
        fetching = false;
        state.transition(ReplicaStatus.NORMAL, state.view);
        state.advanceCommit(maxCommitOp);
        normal.onViewStarted();
        broadcastStartView();
    }

    private void broadcastStartView()
    {
        final long lastOp = log.lastOp();
        final long fromOp = Math.max(Math.min(minCommitOp, state.commitOp) + 1, lastOp - ctx.batchEntriesMax() + 1);
        final ReplicaLog.ReadResult result = outbound.fill(log, Math.max(fromOp, 1), lastOp);
        if (result == ReplicaLog.ReadResult.CORRUPT)
        {
            transfer.repair(fromOp + outbound.size());
            return;
        }
        for (int i = 0; i < state.replicaCount; i++)
        {
            if (i != state.self)
            {
                publisher.startView(i, lastOp, state.commitOp, outbound);
            }
        }
    }

    boolean onStartView(final int sender, final long view, final long op, final long commitOp, final EntryBatch entries)
    {
        if (view < state.view || sender != state.primaryOf(view) || (view == state.view && state.status == ReplicaStatus.NORMAL))
        {
            return false;
        }
        if (state.status == ReplicaStatus.RECOVERING && !(view == state.view && state.startViewKnown))
        {
            return false;
        }
        if (view > state.view)
        {
            state.transition(ReplicaStatus.VIEW_CHANGE, view);
        }
        state.lastPrimaryContactNs = state.nowNs;
        state.statusChangedNs = state.nowNs;
        // a StartView answered to an earlier pull may arrive after committed entries beyond its op: stale
        final boolean connects = op >= state.commitOp && entries.size() == 0 ?
            op == state.commitOp && log.lastOp() >= op :
            op >= state.commitOp && entries.firstOp() <= state.commitOp + 1 && entries.firstOp() <= log.lastOp() + 1 &&
            entries.lastOp() == op;
        if (!connects)
        {
            state.startViewKnown = true;
            transfer.pull();
            return true;
        }
        transfer.installSuffix(entries, op);
        state.transition(ReplicaStatus.NORMAL, view);
        state.primaryCommitOp = commitOp;
        state.advanceCommit(commitOp);
        normal.onViewStarted();
        normal.sendAckIfAdvanced();
        return true;
    }

    void onTick()
    {
        if (state.status != ReplicaStatus.VIEW_CHANGE)
        {
            return;
        }
        if (state.nowNs - state.statusChangedNs > ctx.viewChangeTimeoutNs())
        {
            start(state.view + 1);
            return;
        }
        if (state.nowNs - lastSendNs < ctx.retransmitIntervalNs())
        {
            return;
        }
        lastSendNs = state.nowNs;
        if (state.startViewKnown)
        {
            transfer.pull();
        }
        else if (fetching)
        {
            transfer.fetchCommitted(bestReplica);
        }
        else
        {
            broadcastStartViewChange();
            if (dvcSent && state.primaryOf(state.view) != state.self)
            {
                sendDoViewChange();
            }
        }
    }
}
