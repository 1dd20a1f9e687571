package io.anthill.replication.core;

/**
 * The one small state record every concern of the protocol reads and writes (normal operation, view change,
 * recovery, state transfer). Transitions of status and view happen only in {@link #transition}, and the commit
 * number moves only in {@link #advanceCommit}, so the invariants are checked in one place.
 */
final class ReplicaState
{
    final int partitionId;
    final int self;
    final int replicaCount;
    final int quorum;
    final ProtocolDefect defect;
    private final ReplicaLog log;
    private final CommitListener commitListener;
    private final ViewStore viewStore;
    private final long commitRecordStride;
    private long recordedCommitOp;
    private final long[] transitionCounts = new long[ReplicaStatus.values().length];

    ReplicaStatus status = ReplicaStatus.NORMAL;
    long view;
    /** The last view in which this replica was NORMAL: its log up to syncedOp is that view's log. */
    long lastNormalView;
    /** Highest op up to which the log equals the log of lastNormalView (of view, when NORMAL). */
    long syncedOp;
    /** Highest op known committed and present in the log; never decreases. */
    long commitOp;
    /** Highest commit number heard from the primary of the current view. */
    long primaryCommitOp;
    /** True when the primary of view has started it, so this replica pulls that view's log instead of voting. */
    boolean startViewKnown;
    /** A restarted replica whose log and persisted view make its claim trustworthy: it may vote while recovering. */
    boolean mayVoteWhileRecovering;
    /** A NORMAL primary asked to step down: it takes no new entries and hands over once its prepared ops commit. */
    boolean handingOver;
    long handOverDeadlineNs;
    long nowNs;
    long statusChangedNs;
    long lastPrimaryContactNs;

    ReplicaState(final ReplicaContext ctx, final ReplicaLog log, final CommitListener commitListener, final ViewStore viewStore)
    {
        this.viewStore = viewStore;
        commitRecordStride = Math.max(1, ctx.pendingOpsMax() / 2);
        partitionId = ctx.partitionId();
        self = ctx.replicaIndex();
        replicaCount = ctx.replicaCount();
        quorum = replicaCount / 2 + 1;
        defect = ctx.defect();
        this.log = log;
        this.commitListener = commitListener;
    }

    int primaryOf(final long someView)
    {
        return (int)(someView % replicaCount);
    }

    boolean isPrimary()
    {
        return status == ReplicaStatus.NORMAL && primaryOf(view) == self;
    }

    int bit(final int replica)
    {
        return 1 << replica;
    }

    void transition(final ReplicaStatus to, final long newView)
    {
        if (newView < view)
        {
            throw new IllegalStateException("view went backwards: " + view + " -> " + newView);
        }
        final long previousView = view;
        final long previousNormalView = lastNormalView;
        status = to;
        view = newView;
        statusChangedNs = nowNs;
        lastPrimaryContactNs = nowNs;
        startViewKnown = false;
        handingOver = false; // any transition ends a hand-over: it either happened or a newer view overtook it
        if (to != ReplicaStatus.RECOVERING)
        {
            mayVoteWhileRecovering = false;
        }
        if (to == ReplicaStatus.NORMAL)
        {
            lastNormalView = newView;
            if (syncedOp != log.lastOp())
            {
                throw new IllegalStateException("NORMAL with unverified log: synced " + syncedOp + " last " + log.lastOp());
            }
        }
        if (view != previousView || lastNormalView != previousNormalView)
        {
            // before anything is sent in the new view: a restarted replica must never act in an older one
            viewStore.persistView(view, lastNormalView);
        }
        transitionCounts[to.ordinal()]++;
    }

    void advanceCommit(final long op)
    {
        final long target = Math.min(op, syncedOp);
        if (target > commitOp)
        {
            commitOp = target;
            commitListener.onCommit(target);
            if (commitOp - recordedCommitOp >= commitRecordStride)
            {
                recordedCommitOp = commitOp;
                viewStore.recordCommit(commitOp);
            }
        }
    }

    /**
     * A restart with a durable view record and an intact log: the log up to its last op is the claim.
     */
    void restoreFrom(final ViewStore store, final long lastOp)
    {
        view = store.view();
        lastNormalView = store.lastNormalView();
        syncedOp = lastOp;
        commitOp = Math.min(store.commitOp(), lastOp);
        recordedCommitOp = commitOp;
        mayVoteWhileRecovering = true;
        if (commitOp > 0)
        {
            commitListener.onCommit(commitOp);
        }
    }

    /**
     * A snapshot covering every op up to op replaced the applied state and the log restarts after it.
     */
    void restoreSnapshotFloor(final long op)
    {
        if (op > commitOp)
        {
            syncedOp = Math.max(syncedOp, op);
            advanceCommit(op);
        }
    }

    void onSnapshotInstalled(final long op)
    {
        syncedOp = op;
        advanceCommit(op);
    }

    void onTruncated(final long op)
    {
        if (op < commitOp && status != ReplicaStatus.RECOVERING)
        {
            throw new IllegalStateException("truncating committed op " + commitOp + " to " + op);
        }
        syncedOp = Math.min(syncedOp, op);
    }

    long transitionCount(final ReplicaStatus to)
    {
        return transitionCounts[to.ordinal()];
    }

    /**
     * Cheap invariants, always on: called after every input.
     */
    void validate()
    {
        final long lastOp = log.lastOp();
        check(lastNormalView <= view, "lastNormalView > view");
        check(syncedOp <= lastOp, "syncedOp beyond log");
        if (status != ReplicaStatus.RECOVERING)
        {
            check(commitOp <= syncedOp, "commitOp beyond syncedOp");
        }
        if (status == ReplicaStatus.NORMAL)
        {
            check(lastNormalView == view, "NORMAL but lastNormalView != view");
            check(syncedOp == lastOp, "NORMAL but log beyond syncedOp");
        }
        check(!handingOver || isPrimary(), "handing over but not the NORMAL primary");
    }

    private void check(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalStateException("replica " + self + " of partition " + partitionId + ": " + what + " (" + this + ")");
        }
    }

    @Override
    public String toString()
    {
        return status + " view=" + view + " lnv=" + lastNormalView + " synced=" + syncedOp + " commit=" + commitOp +
            " lastOp=" + log.lastOp();
    }
}
