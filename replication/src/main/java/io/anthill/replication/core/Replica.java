package io.anthill.replication.core;

import org.agrona.DirectBuffer;

/**
 * One replica of one partition's group running Viewstamped Replication Revisited: the pure protocol core.
 *
 * <p>Single threaded and deterministic: no threads, no clock, no randomness, no I/O. Time and messages are inputs
 * ({@link #onTick(long)}, {@link #onMessage(long, DirectBuffer, int, int)}); outputs go through three ports: a
 * {@link MessageSender} (SBE replication messages by replica index), a {@link ReplicaLog} and a
 * {@link CommitListener}. The same class runs under the Aeron adapter and under the deterministic simulator.
 * Cheap invariants are checked after every input, in production too: a broken invariant throws, because
 * continuing would risk acknowledging a write that can be lost.
 */
public final class Replica
{
    /** {@link #submit}: this replica is not the primary of its view; the caller should redirect. */
    public static final long NOT_PRIMARY = -1;
    /** {@link #submit}: a view change or recovery is in progress; the caller should retry later. */
    public static final long NOT_NORMAL = -2;
    /** {@link #submit}: {@link ReplicaContext#pendingOpsMax()} uncommitted ops already; retry after commits. */
    public static final long BACK_PRESSURE = -3;
    /** {@link #submit}: the body exceeds {@link ReplicaContext#bodyBytesMax()}. */
    public static final long TOO_LARGE = -4;

    private final ReplicaContext ctx;
    private final ReplicaState state;
    private final ReplicaLog log;
    private final ReplicaPublisher publisher;
    private final NormalOperation normal;
    private final ViewChange viewChange;
    private final Recovery recovery;
    private final StateTransfer transfer;
    private final MessageDispatcher dispatcher;
    private final ViewStore viewStore;
    private final SnapshotStore snapshotStore;
    private final SnapshotTransfer snapshot;
    private boolean started;

    /**
     * @param ctx            the settings, concluded here if the caller did not.
     * @param sender         where outbound messages go.
     * @param log            the replica's log.
     * @param commitListener told every time the commit number moves.
     */
    public Replica(final ReplicaContext ctx, final MessageSender sender, final ReplicaLog log, final CommitListener commitListener)
    {
        this(ctx, sender, log, commitListener, ViewStore.VOLATILE);
    }

    /**
     * @param ctx            the settings, concluded here if the caller did not.
     * @param sender         where outbound messages go.
     * @param log            the replica's log.
     * @param commitListener told every time the commit number moves.
     * @param viewStore      the durable view record; {@link ViewStore#VOLATILE} for none.
     */
    public Replica(final ReplicaContext ctx, final MessageSender sender, final ReplicaLog log, final CommitListener commitListener,
        final ViewStore viewStore)
    {
        this(ctx, sender, log, commitListener, viewStore, SnapshotStore.NONE);
    }

    /**
     * @param ctx            the settings, concluded here if the caller did not.
     * @param sender         where outbound messages go.
     * @param log            the replica's log.
     * @param commitListener told every time the commit number moves.
     * @param viewStore      the durable view record; {@link ViewStore#VOLATILE} for none.
     * @param snapshotStore  the snapshots served to and installed from peers; {@link SnapshotStore#NONE} for none.
     */
    public Replica(final ReplicaContext ctx, final MessageSender sender, final ReplicaLog log, final CommitListener commitListener,
        final ViewStore viewStore, final SnapshotStore snapshotStore)
    {
        if (!ctx.isConcluded())
        {
            ctx.conclude();
        }
        this.ctx = ctx;
        this.log = log;
        this.viewStore = viewStore;
        this.snapshotStore = snapshotStore;
        state = new ReplicaState(ctx, log, commitListener, viewStore);
        publisher = new ReplicaPublisher(state, sender, ctx.messageBytesMax());
        final EntryBatch outbound = new EntryBatch(ctx.batchEntriesMax(), ctx.bodyBytesMax());
        normal = new NormalOperation(ctx, state, log, publisher, outbound);
        transfer = new StateTransfer(ctx, state, log, publisher, outbound);
        viewChange = new ViewChange(ctx, state, log, publisher, normal, transfer, outbound,
            new EntryBatch(ctx.batchEntriesMax(), ctx.bodyBytesMax()));
        recovery = new Recovery(ctx, state, log, publisher, transfer);
        snapshot = new SnapshotTransfer(ctx, state, log, publisher, snapshotStore);
        normal.wire(viewChange, transfer);
        transfer.wire(viewChange, recovery, snapshot);
        recovery.wire(viewChange);
        dispatcher = new MessageDispatcher(state, normal, viewChange, recovery, transfer, snapshot,
            new EntryBatch(ctx.batchEntriesMax(), ctx.bodyBytesMax()), ctx);
    }

    /**
     * Starts a member of a brand-new group: empty log, view 0, NORMAL.
     *
     * @param nowNs the current time.
     */
    public void bootstrap(final long nowNs)
    {
        checkNotStarted();
        if (log.lastOp() != 0)
        {
            throw new IllegalStateException("bootstrap needs an empty log; a replica with a log must recover()");
        }
        state.nowNs = nowNs;
        state.transition(ReplicaStatus.NORMAL, 0);
        normal.onViewStarted();
        state.validate();
    }

    /**
     * Starts a replica after a restart: it keeps its log but takes part again only after the recovery protocol.
     *
     * @param nowNs the current time.
     * @param nonce a value this replica never used before (the adapter draws it from a random source).
     */
    public void recover(final long nowNs, final long nonce)
    {
        recover(nowNs, nonce, false);
    }

    /**
     * Starts a replica after a restart. With a durable {@link ViewStore} and a log that lost nothing it had made
     * durable, the replica may also vote in view changes while it recovers, so a group whose replicas all
     * restarted elects a primary again.
     *
     * @param nowNs         the current time.
     * @param nonce         a value this replica never used before.
     * @param logLostDurableEntries true when opening the log cut entries that had been durable (a checksum failure
     *                      before the tail): the replica then only recovers from peers, it does not vote.
     */
    public void recover(final long nowNs, final long nonce, final boolean logLostDurableEntries)
    {
        checkNotStarted();
        state.nowNs = nowNs;
        if (viewStore.isDurable() && !logLostDurableEntries)
        {
            state.restoreFrom(viewStore, log.lastOp());
        }
        // the local snapshot holds only committed ops; the adapter resets a log that ends before it
        state.restoreSnapshotFloor(Math.min(snapshotStore.snapshotOp(), log.lastOp()));
        recovery.start(nonce);
        state.validate();
    }

    private void checkNotStarted()
    {
        if (started)
        {
            throw new IllegalStateException("already started");
        }
        started = true;
    }

    /**
     * Handles one inbound SBE replication message; malformed or foreign messages are dropped and counted.
     *
     * @param nowNs  the current time.
     * @param buffer holds the message.
     * @param offset where its header starts.
     * @param length its length.
     */
    public void onMessage(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        state.nowNs = nowNs;
        dispatcher.onMessage(buffer, offset, length);
        state.validate();
    }

    /**
     * The duty cycle's tick: heartbeats, retransmissions, timeouts.
     *
     * @param nowNs the current time; may jump, never needs to be monotonic across replicas.
     */
    public void onTick(final long nowNs)
    {
        state.nowNs = nowNs;
        normal.onTick();
        viewChange.onTick();
        recovery.onTick();
        state.validate();
    }

    /**
     * Appends a client entry at the primary. The entry is acknowledged to the client only after
     * {@link CommitListener#onCommit(long)} reaches the returned op.
     *
     * @param nowNs  the current time, the entry's time stamp (kept monotonic).
     * @param body   the opaque entry body.
     * @param offset where it starts.
     * @param length its length.
     * @return the op assigned, or {@link #NOT_PRIMARY} (also while stepping down), {@link #NOT_NORMAL},
     *         {@link #BACK_PRESSURE}, {@link #TOO_LARGE}.
     */
    public long submit(final long nowNs, final DirectBuffer body, final int offset, final int length)
    {
        state.nowNs = nowNs;
        final long result = normal.submit(body, offset, length);
        state.validate();
        return result;
    }

    /**
     * Asks this replica, if it is the NORMAL primary, to hand its role over to the next replica, (view + 1) mod n,
     * without failing a client request: it stops taking new entries ({@link #submit} answers {@link #NOT_PRIMARY}, so
     * callers redirect and retry), lets every entry it already prepared commit (for at most
     * {@link ReplicaContext#handOverTimeoutNs()}), then starts the view change to view + 1 with the longest log.
     *
     * @param nowNs the current time.
     * @return {@link StepDownResult#STARTED}, or why not: {@link StepDownResult#IN_PROGRESS},
     *         {@link StepDownResult#NOT_PRIMARY}, {@link StepDownResult#NOT_NORMAL},
     *         {@link StepDownResult#SINGLE_REPLICA}.
     */
    public StepDownResult stepDown(final long nowNs)
    {
        state.nowNs = nowNs;
        final StepDownResult result = normal.stepDown();
        state.validate();
        return result;
    }

    /**
     * Ends a batch of submits: sends the new entries to the followers in prepares.
     */
    public void flush()
    {
        normal.flush();
        state.validate();
    }

    /**
     * The log's durable op moved: acknowledge (follower) or count it (primary).
     */
    public void onDurable()
    {
        normal.sendAckIfAdvanced();
        normal.recomputeCommit();
        state.validate();
    }

    /**
     * The layer above found an entry of this replica's log failing its checksum (while applying or replaying it):
     * the replica drops it and everything after it and repairs the log from its peers through recovery. Never
     * call it from inside a {@link CommitListener} callback.
     *
     * @param op the corrupt op.
     */
    public void onLogCorrupt(final long op)
    {
        transfer.repair(op);
        state.validate();
    }

    /**
     * @return the replica's status.
     */
    public ReplicaStatus status()
    {
        return state.status;
    }

    /**
     * @return the current view.
     */
    public long view()
    {
        return state.view;
    }

    /**
     * @return the last view in which this replica was NORMAL.
     */
    public long lastNormalView()
    {
        return state.lastNormalView;
    }

    /**
     * @return true when NORMAL and the primary of its view: the only state in which {@link #submit} accepts (unless it
     *         is handing over, {@link #isHandingOver()}).
     */
    public boolean isPrimary()
    {
        return state.isPrimary();
    }

    /**
     * @return true while this primary is stepping down: still NORMAL and primary, but taking no new entries.
     */
    public boolean isHandingOver()
    {
        return state.handingOver;
    }

    /**
     * @return the index of the primary of the current view, for redirecting clients.
     */
    public int primaryIndex()
    {
        return state.primaryOf(state.view);
    }

    /**
     * @return this replica's index.
     */
    public int replicaIndex()
    {
        return state.self;
    }

    /**
     * @return the highest committed op in this replica's log.
     */
    public long commitOp()
    {
        return state.commitOp;
    }

    /**
     * @param replica a replica of the group, by index.
     * @return on a normal primary, how many ops of its log that replica has not acknowledged yet (its replication
     * lag); 0 on any other replica, which does not track its peers.
     */
    public long lagOf(final int replica)
    {
        if (!isPrimary() || replica == state.self)
        {
            return 0;
        }
        return Math.max(0, log.lastOp() - normal.ackedOp(replica));
    }

    /**
     * @return the op up to which the log is verified against the view's log.
     */
    public long syncedOp()
    {
        return state.syncedOp;
    }

    /**
     * @return messages dropped as malformed, foreign or over a limit.
     */
    public long messagesDropped()
    {
        return dispatcher.messagesDropped();
    }

    /**
     * @return messages sent.
     */
    public long messagesSent()
    {
        return publisher.messagesSent();
    }

    /**
     * @return snapshots installed from peers.
     */
    public long snapshotsInstalled()
    {
        return snapshot.installs();
    }

    /**
     * @return step-downs this replica started as primary.
     */
    public long handOvers()
    {
        return normal.handOvers();
    }

    /**
     * @return log repairs started after a failed checksum.
     */
    public long repairs()
    {
        return transfer.repairs();
    }

    /**
     * @param status a status.
     * @return how many times this replica entered it.
     */
    public long transitionCount(final ReplicaStatus status)
    {
        return state.transitionCount(status);
    }

    /**
     * @return the settings.
     */
    public ReplicaContext context()
    {
        return ctx;
    }

    @Override
    public String toString()
    {
        return "replica " + state.self + ": " + state;
    }
}
