package io.anthill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import io.anthill.journal.Journal;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * One epoch of a partition's ring: the Disruptor, its stages and its ingress, from a given op on. A single node has one
 * epoch for its whole life; a replicated partition starts a new epoch at every view change, because entries the
 * old view published but never committed cannot be taken back out of a ring. The deterministic state
 * ({@link PartitionLogic}) and the read models outlive the epochs.
 */
final class PartitionRing
{
    private final Disruptor<PartitionEvent> disruptor;
    private final StageThreadFactory threadFactory;
    private final CommandIngress ingress;
    private final BusinessLogicHandler businessLogic;
    private final QueueDelayProbe queueDelay;
    private ProgressSignal egress;
    private final ProjectionHandler[] readModels;

    /**
     * Starts the ring's stages; the ingress stays closed until {@link CommandIngress#open(boolean)}.
     *
     * @param journal the journal the ring's journal stage appends to, or null when the replica agent owns it.
     */
    PartitionRing(
        final PartitionContext ctx, final PartitionParts parts, final Journal journal, final ProjectionHandler[] readModels,
        final long opBase, final long view, final boolean primary, final int epoch)
    {
        this.readModels = readModels;
        final List<String> stageNames = new ArrayList<>();
        if (null != journal)
        {
            stageNames.add("journal");
        }
        stageNames.addAll(List.of("replication", "business-logic", "egress"));
        final ProjectionStages[] readModelStages = ProjectionStages.of(readModels,
            QueryConfiguration.readModelThreadsShared(), parts.wakeups, ctx.clock(), parts.counters.stageErrors,
            ctx.errorHandler());
        for (final ProjectionStages stage : readModelStages)
        {
            stageNames.add(stage.stageName());
        }
        threadFactory = new StageThreadFactory(ctx.partitionId(), epoch, stageNames);
        disruptor = new Disruptor<>(PartitionEvent::new, ctx.ringSize(), threadFactory, ProducerType.MULTI,
            ctx.waitStrategy().newWaitStrategy(parts.wakeups));
        businessLogic = new BusinessLogicHandler(parts.logic, ctx.stateMachine(), parts.progress, parts.snapshotHandoff,
            ctx.snapshotIntervalOps(), parts.counters, parts.readModelSnapshots, epoch);
        queueDelay = new QueueDelayProbe(businessLogic, ctx.clock());
        final RingBuffer<PartitionEvent> ring = wire(ctx, parts, journal, readModelStages);
        ctx.commitGate().bind(opBase, parts.wakeups);
        ingress = new CommandIngress(ring, ctx.clock(), ctx.payloadLengthMax(), parts.counters, primary, opBase, view);
    }

    /**
     * The pipeline: journal and replication in parallel, then the commit gate in front of the business logic, then
     * egress to clients and every read model in parallel. Every stage wakes the parked stages after each batch.
     */
    private RingBuffer<PartitionEvent> wire(
        final PartitionContext ctx, final PartitionParts parts, final Journal journal,
        final ProjectionStages[] readModelStages)
    {
        final ProgressSignal replication = new ProgressSignal(new ReplicationStage(ctx.replicationHandler(),
            null == journal ? parts.lastTimestampNs : null), parts.wakeups);
        egress = new ProgressSignal(new ResponseEgressHandler(ctx.responseSink()), parts.wakeups);
        final EventHandlerGroup<PartitionEvent> durable;
        if (null != journal)
        {
            final ProgressSignal journalStage = new ProgressSignal(new JournalHandler(journal,
                parts.counters.journalBatches, parts.retentionFloorOp), parts.wakeups);
            durable = disruptor.handleEventsWith(journalStage, replication);
            disruptor.handleExceptionsFor(journalStage).with(parts.exceptionHandler("journal", true));
        }
        else
        {
            durable = disruptor.handleEventsWith(replication);
        }
        durable.then(ctx.commitGate().gate(new ProgressSignal(queueDelay, parts.wakeups),
                parts.exceptionHandler("business-logic", true)))
            .then(egress)
            .then(readModelStages);

        disruptor.handleExceptionsFor(replication).with(parts.exceptionHandler("replication", true));
        disruptor.handleExceptionsFor(egress).with(parts.exceptionHandler("egress", false));
        return disruptor.start();
    }

    CommandIngress ingress()
    {
        return ingress;
    }

    /**
     * @return the queueing delay of the client command this epoch's business logic took up last, in nanoseconds.
     */
    long lastQueueDelayNs()
    {
        return queueDelay.lastDelayNs();
    }

    List<Thread> threads()
    {
        return threadFactory.threads();
    }

    /**
     * Drains and stops: waits for every published entry to pass every stage.
     *
     * @return false if the ring did not drain in time and was halted.
     */
    boolean shutdown(final long timeoutMs)
    {
        ingress.open(false);
        try
        {
            disruptor.shutdown(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        }
        catch (final TimeoutException ex)
        {
            disruptor.halt();
            return false;
        }
    }

    /**
     * Stops the ring of a view that ended: entries already applied reach egress and the read models first, entries
     * the gate still holds are dropped (the journal keeps what survives and the next epoch republishes it).
     *
     * @param appliedOp the op the business logic has applied, as published by it.
     */
    void haltAfterApplied(final long appliedOp, final long timeoutMs)
    {
        ingress.open(false);
        final long targetOp = appliedOp;
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 100_000);
        while (!downstreamReached(targetOp) && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle();
        }
        disruptor.halt();
        joinStageThreads(timeoutMs);
    }

    /**
     * Waits for the stage threads of a halted ring to end, so nothing of this epoch runs once the next one starts.
     */
    private void joinStageThreads(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (final Thread thread : threadFactory.threads())
        {
            final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            try
            {
                thread.join(Math.max(1, remainingMs));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping ring epoch threads", ex);
            }
            if (thread.isAlive())
            {
                throw new IllegalStateException("ring stage thread " + thread.getName() + " did not stop within " +
                    timeoutMs + " ms");
            }
        }
    }

    private boolean downstreamReached(final long op)
    {
        final long sequence = op - ingress.opBase() - 1;
        for (final ProjectionHandler readModel : readModels)
        {
            if (readModel.stageSequenceValue() < sequence)
            {
                return false;
            }
        }
        return disruptor.getSequenceValueFor(egress) >= sequence;
    }

    void halt()
    {
        ingress.open(false);
        disruptor.halt();
    }
}
