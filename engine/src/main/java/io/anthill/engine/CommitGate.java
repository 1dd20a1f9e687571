package io.anthill.engine;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.EventProcessorFactory;

import java.util.Arrays;

/**
 * Decides when an entry may reach the business logic. The business-logic stage always waits for the journal and
 * replication stages through the ring's barrier; a gate made by {@link #replicated()} adds one more sequence to
 * that barrier, advanced by {@link #commit(long)}, so an entry is applied only once the replication side says it
 * is committed (QUORUM durability). {@link #journaled()} adds nothing: applied once journaled (and forced, under
 * BATCH durability), which is right for a single node and for PRIMARY durability.
 */
public final class CommitGate
{
    private static final long UNBOUND = Long.MIN_VALUE;

    private final boolean gatesOnCommit;
    private final Sequence committedSequence = new Sequence();
    private volatile long opBase = UNBOUND;
    private volatile StageWakeups wakeups;

    private CommitGate(final boolean gatesOnCommit)
    {
        this.gatesOnCommit = gatesOnCommit;
    }

    /**
     * @return a gate that releases an entry as soon as it is journaled.
     */
    public static CommitGate journaled()
    {
        return new CommitGate(false);
    }

    /**
     * @return a gate that releases an entry only after {@link #commit(long)} has reached its op.
     */
    public static CommitGate replicated()
    {
        return new CommitGate(true);
    }

    /**
     * Releases every entry up to and including {@code op} to the business logic. Called by the replication side,
     * from any one thread, with ops that never decrease.
     *
     * @param op the highest committed op.
     */
    public void commit(final long op)
    {
        final long base = opBase;
        if (base == UNBOUND)
        {
            throw new IllegalStateException("commit before the partition started");
        }
        final long sequence = op - base - 1;
        if (sequence < committedSequence.get())
        {
            throw new IllegalArgumentException("commit went backwards: op " + op + " < " + committedOp());
        }
        committedSequence.set(sequence);
        wakeups.wakeReady();
    }

    /**
     * @return the highest op released by {@link #commit(long)}, or the op before the partition's first ring entry.
     */
    public long committedOp()
    {
        return committedSequence.get() + opBase + 1;
    }

    /**
     * @return true if the business logic waits for {@link #commit(long)}.
     */
    public boolean gatesOnCommit()
    {
        return gatesOnCommit;
    }

    /**
     * Binds the gate to a ring epoch whose first entry is op opBase + 1: everything up to opBase is already applied.
     *
     * @param wakeups the ring's parked stages, woken by every commit.
     */
    void bind(final long opBase, final StageWakeups wakeups)
    {
        this.wakeups = wakeups;
        this.opBase = opBase;
        committedSequence.set(-1);
    }

    EventProcessorFactory<PartitionEvent> gate(
        final EventHandler<PartitionEvent> handler, final ExceptionHandler<? super PartitionEvent> exceptionHandler)
    {
        return (ringBuffer, barrierSequences) ->
        {
            final Sequence[] sequences = gatesOnCommit ?
                append(barrierSequences, committedSequence) : barrierSequences;
            final BatchEventProcessor<PartitionEvent> processor =
                new BatchEventProcessorBuilder().build(ringBuffer, ringBuffer.newBarrier(sequences), handler);
            processor.setExceptionHandler(exceptionHandler);
            return processor;
        };
    }

    private static Sequence[] append(final Sequence[] sequences, final Sequence extra)
    {
        final Sequence[] result = Arrays.copyOf(sequences, sequences.length + 1);
        result[sequences.length] = extra;
        return result;
    }
}
