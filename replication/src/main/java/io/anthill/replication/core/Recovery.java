package io.anthill.replication.core;

/**
 * Recovery of VR Revisited for a restarted replica, or one whose log failed a checksum: its log may lack what it
 * acknowledged before, so it neither votes nor acknowledges. It asks every replica with a nonce, waits for f + 1
 * answers including the primary of the latest view among them, then pulls that view's log from the primary,
 * keeping every local entry that matches (same op and view).
 */
final class Recovery
{
    private final ReplicaContext ctx;
    private final ReplicaState state;
    private final ReplicaLog log;
    private final ReplicaPublisher publisher;
    private final StateTransfer transfer;
    private ViewChange viewChange;
    private long nonce;
    private int responseMask;
    private long bestView;
    private boolean primaryResponded;
    private boolean answered;
    private long lastSendNs;

    Recovery(final ReplicaContext ctx, final ReplicaState state, final ReplicaLog log, final ReplicaPublisher publisher,
        final StateTransfer transfer)
    {
        this.ctx = ctx;
        this.state = state;
        this.log = log;
        this.publisher = publisher;
        this.transfer = transfer;
    }

    void wire(final ViewChange viewChange)
    {
        this.viewChange = viewChange;
    }

    void start(final long firstNonce)
    {
        nonce = firstNonce;
        state.transition(ReplicaStatus.RECOVERING, state.view);
        beginRound();
    }

    void restartForRepair(final long badOp)
    {
        state.transition(ReplicaStatus.RECOVERING, state.view);
        state.mayVoteWhileRecovering = false;
        if (badOp - 1 < log.lastOp())
        {
            log.truncateAfter(badOp - 1);
            state.onTruncated(badOp - 1);
        }
        nonce++;
        beginRound();
    }

    private void beginRound()
    {
        responseMask = 0;
        bestView = -1;
        primaryResponded = false;
        answered = false;
        state.startViewKnown = false;
        lastSendNs = state.nowNs;
        state.statusChangedNs = state.nowNs;
        for (int i = 0; i < state.replicaCount; i++)
        {
            if (i != state.self)
            {
                publisher.recovery(i, nonce);
            }
        }
    }

    boolean onRecovery(final int sender, final long requestNonce)
    {
        if (state.status != ReplicaStatus.NORMAL)
        {
            return false;
        }
        final boolean primary = state.isPrimary();
        publisher.recoveryResponse(sender, requestNonce, primary ? log.lastOp() : -1, primary ? state.commitOp : -1);
        return true;
    }

    boolean onRecoveryResponse(final int sender, final long view, final long responseNonce)
    {
        if (state.status != ReplicaStatus.RECOVERING || answered || responseNonce != nonce)
        {
            return false;
        }
        responseMask |= state.bit(sender);
        if (view > bestView)
        {
            bestView = view;
            primaryResponded = false;
        }
        if (view == bestView && state.primaryOf(view) == sender)
        {
            primaryResponded = true;
        }
        if (Integer.bitCount(responseMask) >= state.quorum && primaryResponded && bestView >= state.view)
        {
            answered = true;
            state.transition(ReplicaStatus.RECOVERING, bestView);
            state.startViewKnown = true;
            lastSendNs = state.nowNs;
            transfer.pull();
        }
        return true;
    }

    void onTick()
    {
        if (state.status != ReplicaStatus.RECOVERING)
        {
            return;
        }
        if (!answered && state.mayVoteWhileRecovering && state.nowNs - state.statusChangedNs > ctx.viewChangeTimeoutNs())
        {
            // no primary answers (the whole group may have restarted): our log and persisted view are a valid claim
            viewChange.start(Math.max(state.view, bestView) + 1);
            return;
        }
        if (answered && state.nowNs - state.statusChangedNs > ctx.viewChangeTimeoutNs())
        {
            nonce++;
            beginRound(); // the primary we follow stopped answering: ask the group again
            return;
        }
        if (state.nowNs - lastSendNs < ctx.retransmitIntervalNs())
        {
            return;
        }
        lastSendNs = state.nowNs;
        if (answered)
        {
            transfer.pull();
        }
        else
        {
            for (int i = 0; i < state.replicaCount; i++)
            {
                if (i != state.self)
                {
                    publisher.recovery(i, nonce);
                }
            }
        }
    }
}
