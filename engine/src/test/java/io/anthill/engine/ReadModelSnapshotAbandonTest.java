package io.anthill.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import io.anthill.codecs.client.Consistency;
import io.anthill.journal.DurabilityPolicy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A snapshot whose read-model part never comes is abandoned and counted, and does not block the next one: a read
 * model that fails to write its state, and a partition closing while a read model lags behind the snapshot's op.
 */
class ReadModelSnapshotAbandonTest
{
    private static final long TIMEOUT_MS = 30_000;
    private static final long INTERVAL_OPS = 10;

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final List<Partition> launched = new ArrayList<>();

    @AfterEach
    void closeAll()
    {
        launched.forEach(Partition::close);
    }

    @Test
    void shouldAbandonASnapshotWhoseReadModelFailedAndWriteTheNext()
    {
        final FailingOnceProjection sums = new FailingOnceProjection();
        final Partition partition = launch(false, sums);
        deposit(partition, 1, INTERVAL_OPS);
        partition.awaitApplied(INTERVAL_OPS, TIMEOUT_MS);
        await(() -> partition.counters().snapshotsAbandoned(), 1);
        deposit(partition, INTERVAL_OPS + 1, 2 * INTERVAL_OPS);
        await(() -> partition.counters().snapshotsTaken(), 1);
        partition.close();

        assertEquals(1, partition.counters().snapshotsAbandoned());
        assertEquals(2 * INTERVAL_OPS, partition.counters().lastSnapshotOp());
        assertInstanceOf(StageFailureException.class, errors.peek());

        final SummingProjection restored = new SummingProjection();
        final LedgerStateMachine ledger = new LedgerStateMachine();
        final Partition restarted = Partition.launch(context(false, ledger, restored));
        launched.add(restarted);
        restarted.close();
        assertEquals(0, ledger.commandsSeenReplaying(), "started from the snapshot at op 20 with the read model in it");
        assertEquals(sums.delegate.digest(), restored.digest());
    }

    @Test
    void shouldAbandonASnapshotWhenThePartitionClosesBeforeAReadModelReachesItsOp() throws IOException
    {
        final BalanceProjection balances = new BalanceProjection();
        final CommitGate gate = CommitGate.replicated();
        final Partition partition = Partition.launch(context(true, new LedgerStateMachine(), balances).commitGate(gate));
        launched.add(partition);
        partition.startEpoch(1, true);
        partition.openIngress();
        final UnsafeBuffer hold = new UnsafeBuffer(new byte[Long.BYTES]);
        hold.putLong(0, BalanceProjection.HOLD);
        assertEquals(SubmitResult.ACCEPTED, partition.query(0, Consistency.ANY, 0, 1, 1, hold, 0, Long.BYTES,
            new RecordingQuerySink()));
        balances.awaitHeld();
        try
        {
            deposit(partition, 1, INTERVAL_OPS);
            await(() -> partition.lastOpInRing(), INTERVAL_OPS);
            gate.commit(INTERVAL_OPS);
            partition.awaitApplied(INTERVAL_OPS, TIMEOUT_MS);
            partition.close();
        }
        finally
        {
            balances.release();
        }

        assertEquals(1, partition.counters().snapshotsAbandoned());
        assertEquals(0, partition.counters().snapshotsTaken());
        try (Stream<Path> files = Files.list(dir.resolve("snapshots")))
        {
            assertEquals(0, files.count(), "no snapshot without the read model's part");
        }
    }

    private Partition launch(final boolean replicated, final Projection projection)
    {
        final Partition partition = Partition.launch(context(replicated, new LedgerStateMachine(), projection));
        launched.add(partition);
        return partition;
    }

    private PartitionContext context(final boolean replicated, final StateMachine stateMachine, final Projection projection)
    {
        final PartitionContext ctx = new PartitionContext()
            .partitionId(0)
            .stateMachine(stateMachine)
            .addProjection(projection)
            .responseSink(new RecordingSink())
            .journalDirectory(dir.resolve("journal"))
            .snapshotDirectory(dir.resolve("snapshots"))
            .durability(DurabilityPolicy.BATCH)
            .snapshotIntervalOps(INTERVAL_OPS)
            .ringSize(256)
            .errorHandler(errors::add);
        if (replicated)
        {
            ctx.replicated(true).replicationHandler((entry, endOfBatch) -> { });
        }
        return ctx;
    }

    private static void deposit(final Partition partition, final long firstRequestId, final long lastRequestId)
    {
        for (long requestId = firstRequestId; requestId <= lastRequestId; requestId++)
        {
            final UnsafeBuffer payload = LedgerStateMachine.deposit(requestId % 3, requestId);
            assertEquals(SubmitResult.ACCEPTED, partition.submit(1, requestId, payload, 0, payload.capacity()));
        }
    }

    private static void await(final LongSupplier value, final long atLeast)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (value.getAsLong() < atLeast)
        {
            assertTrue(System.nanoTime() < deadlineNs, "reached only " + value.getAsLong() + ", not " + atLeast);
            Thread.yield();
        }
    }

    /**
     * A snapshotting read model whose first snapshot after launch fails (the launch probe succeeds).
     */
    private static final class FailingOnceProjection implements Projection
    {
        final SummingProjection delegate = new SummingProjection();
        private int writes;

        @Override
        public String name()
        {
            return delegate.name();
        }

        @Override
        public void onEvent(final long position, final DirectBuffer buffer, final int offset, final int length)
        {
            delegate.onEvent(position, buffer, offset, length);
        }

        @Override
        public int onQuery(
            final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer response,
            final int responseOffset)
        {
            return delegate.onQuery(query, offset, length, response, responseOffset);
        }

        @Override
        public long digest()
        {
            return delegate.digest();
        }

        @Override
        public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
        {
            if (++writes == 2)
            {
                throw new IllegalStateException("asked to fail");
            }
            return delegate.writeSnapshot(buffer, offset);
        }

        @Override
        public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
        {
            delegate.loadSnapshot(buffer, offset, length);
        }
    }
}
