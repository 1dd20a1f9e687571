package io.anthill.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import io.anthill.journal.SnapshotStore;
import io.anthill.journal.eventlog.EventLog;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * One partition: a Disruptor ring ({@link PartitionRing}) whose stages journal, replicate, commit, apply and answer
 * each command, plus a housekeeper for timers and snapshots. docs/ARCHITECTURE.md draws the pipeline.
 * <p>
 * A single node ({@link PartitionContext#replicated()} false) journals in its ring and recovers by replaying its
 * journal. A replicated partition leaves the journal to its replica agent, which republishes committed entries into a
 * new ring epoch at every view change ({@link #startEpoch}). {@link #submit} never blocks: a full ring is answered
 * {@link SubmitResult#OVERLOADED} at once.
 */
public final class Partition implements AutoCloseable
{
    private static final int COUNTER_LABELS_BYTES_PER_COUNTER = 1024;
    /** The ring's stages besides the read models (journal, replication, business logic, egress), with room to spare. */
    private static final int RING_STAGES_MAX = 8;

    private static final DirectBuffer NO_PAYLOAD = new UnsafeBuffer(new byte[0]);

    private final PartitionContext ctx;
    private final Journal journal;
    private final SnapshotStore snapshots;
    private final PartitionParts parts;
    private final ProjectionHandler[] readModels;
    private final long queryWaitTimeoutNs = QueryConfiguration.waitTimeoutNs();
    private AgentRunner housekeeperRunner;
    private volatile PartitionRing ring;
    private volatile long view;
    private volatile PartitionStatus status = PartitionStatus.STARTING;

    private Partition(final PartitionContext ctx, final Journal journal, final SnapshotStore snapshots)
    {
        this.ctx = ctx;
        this.journal = journal;
        this.snapshots = snapshots;
        final PartitionCounters counters = new PartitionCounters(countersManager(ctx), ctx.partitionId());
        final StageWakeups wakeups = new StageWakeups(RING_STAGES_MAX + ctx.projections().size());
        this.readModels = ctx.projections().stream().map(projection -> new ProjectionHandler(projection,
            ctx.payloadLengthMax(), counters, ctx.errorHandler())).toArray(ProjectionHandler[]::new);
        // asked once, before any read model thread runs: snapshots carry read models only if every one of them snapshots
        boolean readModelSnapshots = readModels.length > 0;
        for (final ProjectionHandler readModel : readModels)
        {
            readModelSnapshots &= readModel.probeSnapshots();
        }
        this.parts = new PartitionParts(new PartitionLogic(ctx.stateMachine(), LogicLimits.of(ctx), ctx.errorHandler()),
            counters, wakeups, readModelSnapshots, ctx.errorHandler(), this::fail);
    }

    /**
     * Opens the journal and snapshots and restores the newest valid snapshot. A single node then replays the journal
     * after it through the ring (responses suppressed) and opens to commands; a replicated partition waits, as a
     * follower, for its replica agent to call {@link #startEpoch}.
     *
     * @param ctx the settings; concluded here if the caller did not.
     * @return the running partition.
     * @throws IllegalStateException when the journal or snapshots cannot be trusted, or recovery timed out.
     */
    public static Partition launch(final PartitionContext ctx)
    {
        if (!ctx.isConcluded())
        {
            ctx.conclude();
        }
        final JournalContext journalContext = new JournalContext()
            .directory(ctx.journalDirectory())
            .partitionId(ctx.partitionId())
            .durability(ctx.durability())
            .forceIntervalMs(ctx.forceIntervalMs())
            .rollCycle(ctx.journalRollCycle())
            .maxBodyLength(JournalBodyEncoder.clientCommandLengthMax(ctx.payloadLengthMax()));
        ctx.journalTuning().accept(journalContext);
        final Journal journal = Journal.open(journalContext);
        SnapshotStore snapshots = null;
        Partition partition = null;
        try
        {
            snapshots = SnapshotStore.open(ctx.snapshotDirectory(), ctx.partitionId(), ctx.snapshotKeepCount());
            partition = new Partition(ctx, journal, snapshots);
            partition.start();
            return partition;
        }
        catch (final RuntimeException ex)
        {
            if (null != partition)
            {
                partition.abandon();
            }
            CloseHelper.quietCloseAll(snapshots, journal);
            throw ex;
        }
    }

    private void start()
    {
        final long snapshotOp = PartitionRecovery.restoreSnapshot(journal, snapshots, parts.logic, readModels,
            parts.readModelSnapshots, ctx.replicated());
        parts.progress.publish(snapshotOp, parts.logic.nextAlarmDeadlineNs());
        final boolean singleNode = !ctx.replicated();
        ring = new PartitionRing(ctx, parts, singleNode ? journal : null, readModels, snapshotOp, journal.lastView(),
            singleNode, parts.ringEpoch.get());
        // the replication module retains a replicated journal; a read model that does not snapshot needs op 1
        final boolean retainWholeJournal = ctx.replicated() || (readModels.length > 0 && !parts.readModelSnapshots);
        final PartitionHousekeeper housekeeper = new PartitionHousekeeper(
            catchUpLimit -> ring.ingress().tryPublishTick(catchUpLimit), parts, readModels, snapshots,
            retainWholeJournal, ctx, new PartitionGauges(() -> ring.ingress().occupancy(), journal, parts.counters));
        parts.counters.lastSnapshotOp.setRelease(snapshotOp);
        housekeeperRunner = new AgentRunner(new BackoffIdleStrategy(1, 1, 1_000,
            PartitionConfiguration.HOUSEKEEPING_PARK_MAX_NS), ctx.errorHandler(), parts.counters.stageErrors, housekeeper);
        if (singleNode)
        {
            transition(PartitionStatus.RECOVERING);
            final long lastOp = PartitionRecovery.replay(journal, ring.ingress(), snapshotOp + 1);
            awaitApplied(lastOp, ctx.recoveryTimeoutMs());
        }
        AgentRunner.startOnThread(housekeeperRunner);
        ring.ingress().open(true);
        transition(PartitionStatus.RUNNING);
    }

    /**
     * Replicated partitions only, called by the replica agent when a view starts or a view change begins: stops the
     * current ring once what it applied has reached egress and the read models, drops the entries it still held
     * uncommitted, and starts a new ring from the last applied op with its ingress closed. The agent then
     * republishes the log after {@link #appliedOp()} with {@link #publishReplicated}, commits through
     * {@link PartitionContext#commitGate()}, and calls {@link #openIngress()}.
     *
     * @param view    the view of the new epoch.
     * @param primary true if this replica is the view's primary: its ingress will take client commands.
     */
    public void startEpoch(final long view, final boolean primary)
    {
        if (!ctx.replicated())
        {
            throw new IllegalStateException("startEpoch is for replicated partitions");
        }
        haltEpoch();
        this.view = view;
        ring = new PartitionRing(ctx, parts, null, readModels, parts.progress.appliedOp(), view, primary,
            parts.ringEpoch.get());
    }

    /**
     * Replicated partitions only, called by the replica agent to catch up from a snapshot instead of the log: stops
     * the current ring epoch as {@link #startEpoch} does (what was applied stays applied, uncommitted entries in the
     * ring are dropped), loads the newest valid snapshot of {@link #snapshotStore()} into the state machine, sessions,
     * alarms and every read model, and starts a new epoch in {@code view}, not primary, ingress closed, whose ring
     * continues after the snapshot's op: {@link #appliedOp()} and every read model's position report that op. The
     * agent then publishes the log after it with {@link #publishReplicated} and calls {@link #openIngress()}. The
     * journal is not touched.
     *
     * @param view the view of the new epoch.
     * @return the snapshot's op.
     * @throws ReadModelSnapshotMissingException when the snapshot lacks a read model: nothing was changed.
     * @throws IllegalStateException             when the partition is not replicated or has no valid snapshot: nothing
     *                                           was changed.
     */
    public long installLatestSnapshot(final long view)
    {
        if (!ctx.replicated())
        {
            throw new IllegalStateException("installLatestSnapshot is for replicated partitions");
        }
        final long op = PartitionRecovery.installLatest(ctx.partitionId(), snapshots, parts.logic, readModels,
            this::haltEpoch);
        parts.progress.publish(op, parts.logic.nextAlarmDeadlineNs());
        this.view = view;
        ring = new PartitionRing(ctx, parts, null, readModels, op, view, false, parts.ringEpoch.get());
        EventLog.info("snapshot_installed", "partition", ctx.partitionId(), "view", view, "op", op);
        return op;
    }

    /**
     * @return the partition's snapshot store, whose files the replication side serves to peers.
     */
    public SnapshotStore snapshotStore()
    {
        return snapshots;
    }

    /**
     * Ends the current ring epoch once what it applied has reached egress and the read models, and advances the
     * epoch once its threads have stopped (the snapshot writer abandons a snapshot still waiting for that epoch).
     */
    private void haltEpoch()
    {
        final PartitionRing old = ring;
        old.ingress().open(false);
        final long committedInRing = Math.min(ctx.commitGate().committedOp(), old.ingress().lastPublishedOp());
        awaitApplied(committedInRing, PartitionConfiguration.SHUTDOWN_TIMEOUT_MS);
        old.haltAfterApplied(committedInRing, PartitionConfiguration.SHUTDOWN_TIMEOUT_MS);
        parts.ringEpoch.incrementAndGet();
    }

    /**
     * @return the view of the current ring epoch (0 for a single-node partition): what the replica knows of its
     * group, so clients learn the view from answers and a follower's redirect names the view's primary.
     */
    public long view()
    {
        return view;
    }

    /**
     * Replicated partitions only: opens the current epoch's ingress, once the agent has republished the log, so a
     * primary's new commands take the ops after it (a follower's ingress answers NOT_PRIMARY).
     */
    public void openIngress()
    {
        ring.ingress().open(status == PartitionStatus.RUNNING);
    }

    /**
     * Replicated partitions only: stops the current epoch's ingress taking commands (refused as NOT_RUNNING, which
     * clients retry) without ending the epoch, so what it already took still commits and is answered. The replica
     * agent does this when its primary is asked to hand over; {@link #openIngress()} undoes it.
     */
    public void closeIngress()
    {
        ring.ingress().open(false);
    }

    /**
     * @return the op of the last entry in the current ring epoch (republished or submitted).
     */
    public long lastOpInRing()
    {
        return ring.ingress().lastPublishedOp();
    }

    /**
     * Replicated partitions only: puts an entry of the replicated log into the ring; it is applied once committed.
     *
     * @return ACCEPTED, OVERLOADED when the ring is full (retry later), or OP_OUT_OF_ORDER.
     */
    public SubmitResult publishReplicated(
        final long view, final long op, final long timestampNs, final DirectBuffer body, final int offset,
        final int length)
    {
        return ring.ingress().publishJournaled(EntrySource.REPLICATED, view, op, timestampNs, body, offset, length,
            false);
    }

    /**
     * Replicated partitions only: the journal, which the replica agent owns from launch on (recovery has read it).
     *
     * @return the partition's journal.
     */
    public Journal replicatedJournal()
    {
        if (!ctx.replicated())
        {
            throw new IllegalStateException("the ring owns the journal of a single-node partition");
        }
        return journal;
    }

    /**
     * Offers a client command. Returns at once: the response reaches the {@link ResponseSink} once the command is
     * journaled, committed and applied.
     *
     * @param sessionId the client session.
     * @param requestId the request id within the session; ids only grow; a retry repeats an id.
     * @param payload   the command.
     * @param offset    where it starts.
     * @param length    its length, at most {@link PartitionContext#payloadLengthMax()}.
     * @return ACCEPTED, or why not.
     */
    public SubmitResult submit(
        final long sessionId, final long requestId, final DirectBuffer payload, final int offset, final int length)
    {
        return ring.ingress().submit(sessionId, requestId, payload, offset, length);
    }

    /**
     * Offers a read to one of the partition's read models. Returns at once; the answer reaches the sink on that read
     * model's thread once the read model has applied the op the consistency level asks for: for
     * {@link Consistency#LINEARIZABLE}, the last op published to the ring when this call was made (primary only);
     * for {@link Consistency#AT_LEAST}, {@code minPosition}; for {@link Consistency#ANY}, none. A read that waits
     * longer than {@link QueryConfiguration#WAIT_TIMEOUT_MS_PROP} is refused through the sink.
     *
     * @param readModel   index of the read model, in the order they were added to the context.
     * @param consistency how fresh the answer must be.
     * @param minPosition for AT_LEAST, the op the answer must reflect (the position of the client's last write).
     * @param sessionId   the client session.
     * @param requestId   the request within the session.
     * @param query       the query.
     * @param offset      where it starts.
     * @param length      its length, at most {@link PartitionContext#payloadLengthMax()}.
     * @param sink        where the answer goes.
     * @return ACCEPTED, or why not (OVERLOADED when the read model's queue is full).
     */
    public SubmitResult query(
        final int readModel, final Consistency consistency, final long minPosition, final long sessionId,
        final long requestId, final DirectBuffer query, final int offset, final int length, final QuerySink sink)
    {
        if (status != PartitionStatus.RUNNING)
        {
            return SubmitResult.NOT_RUNNING;
        }
        if (readModel < 0 || readModel >= readModels.length)
        {
            return SubmitResult.UNKNOWN_READ_MODEL;
        }
        final long targetOp;
        final ErrorCode lateCode;
        switch (consistency)
        {
            case LINEARIZABLE:
                final CommandIngress ingress = ring.ingress();
                // only a primary taking commands knows its last op is the latest: a follower, or any ring between
                // epochs (a view change, a primary handing over), would answer from a state older than acknowledged
                if (!ingress.isPrimaryOpen())
                {
                    return SubmitResult.NOT_PRIMARY;
                }
                targetOp = ingress.lastPublishedOp();
                lateCode = ErrorCode.TIMEOUT;
                break;
            case AT_LEAST:
                targetOp = minPosition;
                lateCode = ErrorCode.POSITION_NOT_REACHED;
                break;
            case ANY:
                targetOp = 0;
                lateCode = ErrorCode.TIMEOUT;
                break;
            default:
                throw new IllegalArgumentException("unknown consistency " + consistency);
        }
        return readModels[readModel].queries().offer(sink, sessionId, requestId, targetOp,
            ctx.clock().nanoTime() + queryWaitTimeoutNs, lateCode, false, query, offset, length);
    }

    /**
     * Asks a read model, on its own thread, for its digest ({@link Projection#digest()}) and the position it reflects,
     * so an operator can compare a live replica's read models with an offline replay of a journal to that position
     * ({@code scripts/replay --verify-against}). Answered through {@link QuerySink#onQueryResponse} with the digest
     * as the payload's one long, little endian; served like an ANY read, never on the business-logic thread.
     *
     * @param readModel the read model's index.
     * @param requestId echoed in the answer.
     * @param sink      receives the answer on the read model's thread.
     * @return ACCEPTED, or why not (NOT_RUNNING, UNKNOWN_READ_MODEL, OVERLOADED).
     */
    public SubmitResult queryDigest(final int readModel, final long requestId, final QuerySink sink)
    {
        if (status != PartitionStatus.RUNNING)
        {
            return SubmitResult.NOT_RUNNING;
        }
        if (readModel < 0 || readModel >= readModels.length)
        {
            return SubmitResult.UNKNOWN_READ_MODEL;
        }
        return readModels[readModel].queries().offer(sink, 0, requestId, 0,
            ctx.clock().nanoTime() + queryWaitTimeoutNs, ErrorCode.TIMEOUT, true, NO_PAYLOAD, 0, 0);
    }

    /**
     * @return the names of the partition's read models, in index order.
     */
    public List<String> readModelNames()
    {
        final List<String> names = new ArrayList<>(readModels.length);
        for (final ProjectionHandler readModel : readModels)
        {
            names.add(readModel.projection().name());
        }
        return names;
    }

    /**
     * @return how long the client command taken up last by the business logic had queued, in nanoseconds, while
     * commands are still waiting; 0 once the business logic has caught up. Admission sheds load when it passes an
     * SLA.
     */
    public long queueingDelayNs()
    {
        final PartitionRing current = ring;
        return parts.progress.appliedOp() < current.ingress().lastPublishedOp() ? current.lastQueueDelayNs() : 0;
    }

    /**
     * @return the number of read models, the bound of the {@code readModel} index of {@link #query}.
     */
    public int readModelCount()
    {
        return readModels.length;
    }

    /**
     * Asks for a snapshot now: a journaled request, so every replica applying it snapshots at the same op.
     *
     * @return ACCEPTED, or why not.
     */
    public SubmitResult requestSnapshot()
    {
        return ring.ingress().publishControl(NoopReasons.SNAPSHOT_REQUEST);
    }

    /**
     * Waits, polling with a backoff, until the business logic has applied the given op.
     *
     * @param op        the op to wait for.
     * @param timeoutMs how long to wait.
     * @throws IllegalStateException on time-out or when the partition failed.
     */
    public void awaitApplied(final long op, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        while (parts.progress.appliedOp() < op)
        {
            if (status == PartitionStatus.FAILED)
            {
                throw new IllegalStateException("partition " + ctx.partitionId() + " failed before op " + op);
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("partition " + ctx.partitionId() + " did not apply op " + op +
                    " within " + timeoutMs + " ms; applied " + parts.progress.appliedOp());
            }
            idle.idle();
        }
    }

    /**
     * @return the last op the business logic applied.
     */
    public long appliedOp()
    {
        return parts.progress.appliedOp();
    }

    /**
     * @param projectionName a read model's {@link Projection#name()}.
     * @return the last op whose events that read model has applied.
     */
    public long projectionPosition(final String projectionName)
    {
        for (final ProjectionHandler handler : readModels)
        {
            if (handler.projection().name().equals(projectionName))
            {
                return handler.position();
            }
        }
        throw new IllegalArgumentException("no projection named " + projectionName);
    }

    /**
     * The digest of the partition state (state machine, sessions, alarms, applied op). Only after {@link #close()}:
     * while running, the state belongs to the business-logic thread.
     *
     * @return the digest.
     */
    public long stateDigest()
    {
        if (status != PartitionStatus.CLOSED)
        {
            throw new IllegalStateException("stateDigest() is read after close(); status is " + status);
        }
        return parts.logic.digest();
    }

    /**
     * @return where the partition is in its life cycle.
     */
    public PartitionStatus status()
    {
        return status;
    }

    /**
     * @return the partition's id.
     */
    public int partitionId()
    {
        return ctx.partitionId();
    }

    /**
     * @return the partition's counters.
     */
    public PartitionCounters counters()
    {
        return parts.counters;
    }

    /**
     * @return the current ring's stage threads, in pipeline order, for tools and allocation checks.
     */
    public List<Thread> stageThreads()
    {
        return ring.threads();
    }

    /**
     * Stops taking commands, lets the ring drain, writes a pending snapshot, forces the journal (single node) and
     * closes it.
     */
    @Override
    public void close()
    {
        if (status == PartitionStatus.CLOSED)
        {
            return;
        }
        final boolean failed = status == PartitionStatus.FAILED;
        transition(PartitionStatus.CLOSING);
        for (final ProjectionHandler readModel : readModels)
        {
            readModel.closeWhenStageStops();
        }
        if (failed || ctx.replicated())
        {
            ring.halt();
        }
        else if (!ring.shutdown(PartitionConfiguration.SHUTDOWN_TIMEOUT_MS))
        {
            ctx.errorHandler().onError(new IllegalStateException("partition " + ctx.partitionId() +
                " did not drain within " + PartitionConfiguration.SHUTDOWN_TIMEOUT_MS + " ms; halted"));
        }
        CloseHelper.close(ctx.errorHandler(), housekeeperRunner);
        if (!failed && !ctx.replicated())
        {
            journal.forceNow();
        }
        CloseHelper.closeAll(snapshots, journal, parts.counters);
        transition(PartitionStatus.CLOSED);
    }

    private void abandon()
    {
        if (null != ring)
        {
            ring.halt();
        }
        CloseHelper.quietClose(housekeeperRunner);
        CloseHelper.quietClose(parts.counters);
    }

    private void fail()
    {
        ring.ingress().open(false);
        transition(PartitionStatus.FAILED);
    }

    private void transition(final PartitionStatus next)
    {
        status = next;
        parts.counters.statusCode.setRelease(next.ordinal());
    }

    private static CountersManager countersManager(final PartitionContext ctx)
    {
        if (null != ctx.countersManager())
        {
            return ctx.countersManager();
        }
        final int counters = PartitionConfiguration.COUNTERS_MAX;
        return new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(counters * COUNTER_LABELS_BYTES_PER_COUNTER)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(counters * CountersManager.COUNTER_LENGTH)));
    }
}
