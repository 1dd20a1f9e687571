package io.anthill.perf.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.PartitionDigests;
import io.anthill.engine.Projection;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.example.trading.InstrumentPartitioner;
import io.anthill.example.trading.TradingCommandEncoder;
import io.anthill.example.trading.TradingReplayDomain;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import io.anthill.journal.DurabilityPolicy;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * A real single-node trading partition (ring, journal, four read models) driven by a seeded client, then closed:
 * its journal is what the replay tool reads, and its digests are what the replay must reproduce.
 */
final class LiveTradingPartition
{
    private static final long TIMEOUT_MS = 30_000;
    private static final int ACCOUNT_COUNT = 10;

    private LiveTradingPartition()
    {
    }

    /**
     * @param directory     the partition's directory; the journal goes to its {@code journal} child.
     * @param partitionId   the partition of the default trading deployment.
     * @param orderCommands orders and cancels after the accounts are funded.
     * @param markedAmount  if not 0, every 50th command is a deposit of this amount, to find in the journal's bytes.
     * @return the live digests once every command was applied and the read models caught up.
     */
    static PartitionDigests run(final Path directory, final int partitionId, final int orderCommands, final long markedAmount)
    {
        return run(directory, partitionId, orderCommands, markedAmount, false);
    }

    /**
     * @param directory        the partition's directory; the journal goes to its {@code journal} child, snapshots to
     *                         {@code snapshots}.
     * @param partitionId      the partition of the default trading deployment.
     * @param orderCommands    orders and cancels after the accounts are funded.
     * @param markedAmount     if not 0, every 50th command is a deposit of this amount.
     * @param snapshotHalfway  true to request a snapshot after half the orders (and wait for its file before closing).
     * @return the live digests once every command was applied and the read models caught up.
     */
    static PartitionDigests run(
        final Path directory, final int partitionId, final int orderCommands, final long markedAmount,
        final boolean snapshotHalfway)
    {
        final TradingReplayDomain domain = new TradingReplayDomain();
        final List<Projection> projections = domain.newProjections(partitionId);
        final AtomicLong clockNs = new AtomicLong(1_700_000_000_000_000_000L);
        final CountingSink sink = new CountingSink();
        final PartitionContext context = new PartitionContext()
            .partitionId(partitionId)
            .stateMachine(domain.newStateMachine(partitionId))
            .journalDirectory(directory.resolve("journal"))
            .snapshotDirectory(directory.resolve("snapshots"))
            .durability(DurabilityPolicy.NONE)
            .snapshotIntervalOps(0)
            .clock(clockNs::get)
            .responseSink(sink);
        projections.forEach(context::addProjection);
        final Partition partition = Partition.launch(context);
        final Client client = new Client(partition, clockNs);
        final int[] instruments = ownedInstruments(partitionId);
        for (long accountId = 1; accountId <= ACCOUNT_COUNT; accountId++)
        {
            client.submit(client.commands.openAccount(accountId));
            client.submit(client.commands.deposit(accountId, 0, 10_000_000));
            for (final int instrumentId : instruments)
            {
                client.submit(client.commands.deposit(accountId, instrumentId, 100_000));
            }
        }
        final SplittableRandom random = new SplittableRandom(partitionId + 11);
        for (int i = 0; i < orderCommands; i++)
        {
            if (snapshotHalfway && i == orderCommands / 2)
            {
                assertEquals(SubmitResult.ACCEPTED, partition.requestSnapshot());
            }
            client.next(random, instruments, i, markedAmount);
        }
        sink.await(client.requestId);
        partition.awaitApplied(client.requestId + (snapshotHalfway ? 1 : 0), TIMEOUT_MS);
        if (snapshotHalfway)
        {
            awaitSnapshotFile(directory.resolve("snapshots"));
        }
        partition.close();
        assertEquals(0, sink.rejected.get(), "the engine refused commands");
        for (final Projection projection : projections)
        {
            assertEquals(partition.appliedOp(), partition.projectionPosition(projection.name()), projection.name());
        }
        return PartitionDigests.of(partitionId, partition.appliedOp(), partition.stateDigest(), projections);
    }

    private static void awaitSnapshotFile(final Path snapshots)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        while (!hasSnapshotFile(snapshots))
        {
            assertTrue(System.nanoTime() < deadlineNs, "no snapshot written to " + snapshots);
            idle.idle();
        }
    }

    private static boolean hasSnapshotFile(final Path snapshots)
    {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(snapshots))
        {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".snapshot"));
        }
        catch (final java.io.IOException ex)
        {
            return false;
        }
    }

    private static int[] ownedInstruments(final int partitionId)
    {
        final int partitionCount = Integer.getInteger(TradingReplayDomain.PARTITION_COUNT_PROP, 2);
        final int instrumentCount = Integer.getInteger(TradingReplayDomain.INSTRUMENT_COUNT_PROP, 4);
        return java.util.stream.IntStream.rangeClosed(1, instrumentCount)
            .filter(id -> InstrumentPartitioner.partitionOf(id, partitionCount) == partitionId).toArray();
    }

    /**
     * Submits commands, waiting out a full ring.
     */
    private static final class Client
    {
        final TradingCommandEncoder commands = new TradingCommandEncoder();
        final Partition partition;
        final AtomicLong clockNs;
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        long requestId;

        Client(final Partition partition, final AtomicLong clockNs)
        {
            this.partition = partition;
            this.clockNs = clockNs;
        }

        void next(final SplittableRandom random, final int[] instruments, final int i, final long markedAmount)
        {
            final long accountId = 1 + random.nextInt(ACCOUNT_COUNT);
            final int instrumentId = instruments[random.nextInt(instruments.length)];
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long priceTicks = 1_000 + random.nextInt(21) - 10 + (side == Side.BUY ? -2 : 2);
            final int roll = random.nextInt(100);
            if (markedAmount != 0 && i % 50 == 25)
            {
                submit(commands.deposit(accountId, 0, markedAmount));
            }
            else if (roll < 70)
            {
                final TimeInForce timeInForce = roll < 7 ? TimeInForce.IOC : roll < 21 ? TimeInForce.GTD : TimeInForce.GTC;
                final long expireAtNs = timeInForce == TimeInForce.GTD ? clockNs.get() + 1_000_000 : 0;
                submit(commands.limitOrder(accountId, i, instrumentId, side, timeInForce, priceTicks, 1 + random.nextInt(50),
                    expireAtNs));
            }
            else
            {
                submit(commands.cancelOrder(accountId, instrumentId, Math.max(1, i * 7 / 10 - random.nextInt(200))));
            }
        }

        void submit(final int length)
        {
            clockNs.addAndGet(10_000);
            requestId++;
            SubmitResult result;
            while ((result = partition.submit(7, requestId, commands.buffer(), 0, length)) == SubmitResult.OVERLOADED)
            {
                idle.idle();
            }
            assertEquals(SubmitResult.ACCEPTED, result);
        }
    }

    /**
     * Counts answers on the engine's egress thread.
     */
    private static final class CountingSink implements ResponseSink
    {
        final AtomicLong answered = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();

        @Override
        public void onResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            answered.incrementAndGet();
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            answered.incrementAndGet();
            rejected.incrementAndGet();
        }

        void await(final long count)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
            while (answered.get() < count)
            {
                assertTrue(System.nanoTime() < deadlineNs, "answered " + answered.get() + " of " + count);
                idle.idle();
            }
        }
    }
}
