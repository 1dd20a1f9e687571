package io.anthill.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import io.anthill.journal.SnapshotStore;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * One partition: a Disruptor ring whose stages journal, replicate, commit, apply and answer each command, plus a
 * housekeeper for timers and snapshots. The pipeline is declared in {@link #wireRing}; docs/ARCHITECTURE.md draws it.
 * <p>
 * {@link #submit} never blocks: a full ring is answered {@link SubmitResult#OVERLOADED} at once.
 */
public final class Partition implements AutoCloseable
{
    private static final int COUNTER_LABELS_BYTES_PER_COUNTER = 1024;

    private final PartitionContext ctx;
    private final Journal journal;
    private final SnapshotStore snapshots;
    private final PartitionCounters counters;
    private final PartitionLogic logic;
    private final AppliedProgress progress = new AppliedProgress();
    private final SnapshotHandoff snapshotHandoff = new SnapshotHandoff();
    private final AtomicLong retentionFloorOp = new AtomicLong();
    private final List<ProjectionHandler> projectionHandlers = new ArrayList<>();
    private final Disruptor<PartitionEvent> disruptor;
    private final StageThreadFactory threadFactory;
    private CommandIngress ingress;
    private QueueDelayProbe queueDelay;
    private long queryWaitTimeoutNs;
    private AgentRunner housekeeperRunner;
    private volatile PartitionStatus status = PartitionStatus.STARTING;

    private Partition(final PartitionContext ctx, final Journal journal, final SnapshotStore snapshots)
    {
        this.ctx = ctx;
        this.journal = journal;
        this.snapshots = snapshots;
        this.counters = new PartitionCounters(countersManager(ctx), ctx.partitionId());
        this.logic = new PartitionLogic(ctx.stateMachine(), LogicLimits.of(ctx), ctx.errorHandler());
        final List<String> stageNames = new ArrayList<>(List.of("journal", "replication", "business-logic", "egress"));
        ctx.projections().forEach(projection -> stageNames.add("projection-" + projection.name()));
        this.threadFactory = new StageThreadFactory(ctx.partitionId(), stageNames);
        this.disruptor = new Disruptor<>(PartitionEvent::new, ctx.ringSize(), threadFactory, ProducerType.MULTI,
            ctx.waitStrategy().newWaitStrategy());
    }

    /**
     * Opens the journal and snapshots, restores the newest valid snapshot, replays the journal after it through the
     * ring (responses suppressed), then opens the partition to commands.
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
        final Journal journal = Journal.open(new JournalContext()
            .directory(ctx.journalDirectory())
            .partitionId(ctx.partitionId())
            .durability(ctx.durability())
            .forceIntervalMs(ctx.forceIntervalMs())
            .maxBodyLength(JournalBodyEncoder.clientCommandLengthMax(ctx.payloadLengthMax())));
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
        final long snapshotOp = PartitionRecovery.restoreSnapshot(journal, snapshots, logic, !ctx.projections().isEmpty());
        progress.publish(snapshotOp, logic.nextAlarmDeadlineNs());
        final RingBuffer<PartitionEvent> ring = wireRing();
        ctx.commitGate().bind(snapshotOp);
        ingress = new CommandIngress(ring, ctx.clock(), ctx.payloadLengthMax(), counters, true, snapshotOp,
            journal.lastView());
        transition(PartitionStatus.RECOVERING);
        final long lastOp = PartitionRecovery.replay(journal, ingress, snapshotOp + 1);
        awaitApplied(lastOp, ctx.recoveryTimeoutMs());
        final PartitionHousekeeper housekeeper = new PartitionHousekeeper(ctx.partitionId(), ingress, progress,
            snapshotHandoff, snapshots, retentionFloorOp, !ctx.projections().isEmpty(), ctx, counters);
        housekeeperRunner = new AgentRunner(new BackoffIdleStrategy(1, 1, 1_000,
            PartitionConfiguration.HOUSEKEEPING_PARK_MAX_NS), ctx.errorHandler(), counters.stageErrors, housekeeper);
        AgentRunner.startOnThread(housekeeperRunner);
        ingress.open(true);
        transition(PartitionStatus.RUNNING);
    }

    /**
     * The pipeline: journal and replication in parallel, then the commit gate in front of the business logic, then
     * egress to clients and every read model in parallel.
     */
    private RingBuffer<PartitionEvent> wireRing()
    {
        final JournalHandler journalStage = new JournalHandler(journal, counters.journalBatches, retentionFloorOp);
        final ReplicationStage replicationStage = new ReplicationStage(ctx.replicationHandler());
        final BusinessLogicHandler businessLogic = new BusinessLogicHandler(logic, ctx.stateMachine(), progress,
            snapshotHandoff, ctx.snapshotIntervalOps(), counters);
        final ResponseEgressHandler egress = new ResponseEgressHandler(ctx.responseSink());
        queueDelay = new QueueDelayProbe(businessLogic, ctx.clock());
        queryWaitTimeoutNs = QueryConfiguration.waitTimeoutNs();
        final ProjectionHandler[] readModels = ctx.projections().stream().map(projection -> new ProjectionHandler(
            projection, ctx.payloadLengthMax(), counters, ctx.clock(), ctx.errorHandler()))
            .toArray(ProjectionHandler[]::new);
        projectionHandlers.addAll(List.of(readModels));

        disruptor.handleEventsWith(journalStage, replicationStage)
            .then(ctx.commitGate().gate(queueDelay, stageExceptionHandler("business-logic", true)))
            .then(egress)
            .then(readModels);

        disruptor.handleExceptionsFor(journalStage).with(stageExceptionHandler("journal", true));
        disruptor.handleExceptionsFor(replicationStage).with(stageExceptionHandler("replication", true));
        disruptor.handleExceptionsFor(egress).with(stageExceptionHandler("egress", false));
        return disruptor.start();
    }

    private StageExceptionHandler stageExceptionHandler(final String stageName, final boolean fatal)
    {
        return new StageExceptionHandler(stageName, fatal, counters.stageErrors, ctx.errorHandler(), this::fail);
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
        return ingress.submit(sessionId, requestId, payload, offset, length);
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
        if (readModel < 0 || readModel >= projectionHandlers.size())
        {
            return SubmitResult.UNKNOWN_READ_MODEL;
        }
        final long targetOp;
        final ErrorCode lateCode;
        switch (consistency)
        {
            case LINEARIZABLE:
                if (ingress.isFollowerOpen())
                {
                    return SubmitResult.NOT_PRIMARY;
                }
                targetOp = lastPublishedOp();
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
        return projectionHandlers.get(readModel).queries().offer(sink, sessionId, requestId, targetOp,
            ctx.clock().nanoTime() + queryWaitTimeoutNs, lateCode, query, offset, length);
    }

    /**
     * @return how long the client command taken up last by the business logic had queued, in nanoseconds, while
     * commands are still waiting; 0 once the business logic has caught up. Admission sheds load when it passes an
     * SLA.
     */
    public long queueingDelayNs()
    {
        return progress.appliedOp() < lastPublishedOp() ? queueDelay.lastDelayNs() : 0;
    }

    /**
     * @return the number of read models, the bound of the {@code readModel} index of {@link #query}.
     */
    public int readModelCount()
    {
        return projectionHandlers.size();
    }

    private long lastPublishedOp()
    {
        return disruptor.getRingBuffer().getCursor() + 1 + ingress.opBase();
    }

    /**
     * Asks for a snapshot now: a journaled request, so every replica applying it snapshots at the same op.
     *
     * @return ACCEPTED, or why not.
     */
    public SubmitResult requestSnapshot()
    {
        return ingress.publishControl(NoopReasons.SNAPSHOT_REQUEST);
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
        while (progress.appliedOp() < op)
        {
            if (status == PartitionStatus.FAILED)
            {
                throw new IllegalStateException("partition " + ctx.partitionId() + " failed before op " + op);
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("partition " + ctx.partitionId() + " did not apply op " + op +
                    " within " + timeoutMs + " ms; applied " + progress.appliedOp());
            }
            idle.idle();
        }
    }

    /**
     * @return the last op the business logic applied.
     */
    public long appliedOp()
    {
        return progress.appliedOp();
    }

    /**
     * @param projectionName a read model's {@link Projection#name()}.
     * @return the last op whose events that read model has applied.
     */
    public long projectionPosition(final String projectionName)
    {
        for (final ProjectionHandler handler : projectionHandlers)
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
        return logic.digest();
    }

    /**
     * @return where the partition is in its life cycle.
     */
    public PartitionStatus status()
    {
        return status;
    }

    /**
     * @return the partition's counters.
     */
    public PartitionCounters counters()
    {
        return counters;
    }

    /**
     * @return the stage threads, in pipeline order, for tools and allocation checks.
     */
    public List<Thread> stageThreads()
    {
        return threadFactory.threads();
    }

    /**
     * @return the journal's last op (read by the caller only when quiescent; for tests and tools).
     */
    long journalLastOp()
    {
        return journal.lastOp();
    }

    /**
     * Stops taking commands, lets the ring drain, writes a pending snapshot, forces the journal and closes it.
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
        ingress.open(false);
        try
        {
            if (failed)
            {
                disruptor.halt();
            }
            else
            {
                disruptor.shutdown(PartitionConfiguration.SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final TimeoutException ex)
        {
            disruptor.halt();
            ctx.errorHandler().onError(new IllegalStateException("partition " + ctx.partitionId() +
                " did not drain within " + PartitionConfiguration.SHUTDOWN_TIMEOUT_MS + " ms; halted", ex));
        }
        CloseHelper.close(ctx.errorHandler(), housekeeperRunner);
        if (!failed)
        {
            journal.forceNow();
        }
        CloseHelper.closeAll(snapshots, journal, counters);
        transition(PartitionStatus.CLOSED);
    }

    private void abandon()
    {
        if (null != ingress)
        {
            ingress.open(false);
        }
        disruptor.halt();
        CloseHelper.quietClose(housekeeperRunner);
        CloseHelper.quietClose(counters);
    }

    private void fail()
    {
        ingress.open(false);
        transition(PartitionStatus.FAILED);
    }

    private void transition(final PartitionStatus next)
    {
        status = next;
        counters.statusCode.setRelease(next.ordinal());
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
