package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import io.anthill.journal.DurabilityPolicy;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange embedded on a real partition: the Disruptor ring, the journal on Chronicle Queue, durable alarms fired
 * by the housekeeper's timer ticks, and the four read models on their own threads. A run is closed and the
 * partition relaunched on the same journal with a fresh state machine and fresh read models: recovery replays the
 * journal, answers nobody, and ends with equal state and read-model digests.
 */
class ExchangeOnPartitionTest
{
    private static final long TIMEOUT_MS = 60_000;
    private static final int ACCOUNT_COUNT = 20;
    private static final int ORDER_COMMANDS = 10_000;
    private static final long SESSION_ID = 3;

    @TempDir
    Path directory;

    private final AtomicLong clockNs = new AtomicLong(TradingPartition.START_NS);
    private final TradingCommandEncoder commands = new TradingCommandEncoder();
    private long requestId;

    @Test
    void shouldRecoverEqualStateAndReadModelsFromTheJournalOfARealPartition()
    {
        final ExchangeContext exchange = TradingPartition.singleContext(2).conclude();
        final CountingSink liveSink = new CountingSink();
        final ReadModels live = new ReadModels(exchange);
        final Partition first = launch(exchange, live, liveSink);
        for (long accountId = 1; accountId <= ACCOUNT_COUNT; accountId++)
        {
            submit(first, commands.openAccount(accountId));
            submit(first, commands.deposit(accountId, TradingLimits.CASH_ASSET_ID, 10_000_000));
            submit(first, commands.deposit(accountId, 1, 100_000));
            submit(first, commands.deposit(accountId, 2, 100_000));
        }
        submitOrders(first, new SplittableRandom(7));
        liveSink.awaitResponses(requestId);
        first.close();

        final CountingSink recoverySink = new CountingSink();
        final ReadModels recovered = new ReadModels(exchange);
        final Partition second = launch(exchange, recovered, recoverySink);
        assertEquals(first.appliedOp(), second.appliedOp());
        second.close();

        assertEquals(0, liveSink.rejected.get(), "the engine refused commands");
        assertEquals(0, recoverySink.responses.get(), "recovery answered replayed commands");
        assertTrue(first.counters().alarmsFired() > 0, "no GTD order expired through its alarm");
        assertTrue(live.tape.tradeCount() > ORDER_COMMANDS / 10, "too few trades to prove much");
        assertEquals(first.stateDigest(), second.stateDigest());
        assertEquals(live.balances.digest(), recovered.balances.digest());
        assertEquals(live.openOrders.digest(), recovered.openOrders.digest());
        assertEquals(live.depth.digest(), recovered.depth.digest());
        assertEquals(live.tape.digest(), recovered.tape.digest());
    }

    private void submitOrders(final Partition partition, final SplittableRandom random)
    {
        for (int i = 0; i < ORDER_COMMANDS; i++)
        {
            final long accountId = 1 + random.nextInt(ACCOUNT_COUNT);
            final int instrumentId = 1 + random.nextInt(2);
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long priceTicks = 1_000 + random.nextInt(21) - 10 + (side == Side.BUY ? -2 : 2);
            final int roll = random.nextInt(100);
            if (roll < 70)
            {
                final TimeInForce timeInForce = roll < 7 ? TimeInForce.IOC : roll < 21 ? TimeInForce.GTD : TimeInForce.GTC;
                final long expireAtNs = timeInForce == TimeInForce.GTD ? clockNs.get() + 1_000_000 : 0;
                submit(partition, commands.limitOrder(
                    accountId, i, instrumentId, side, timeInForce, priceTicks, 1 + random.nextInt(50), expireAtNs));
            }
            else
            {
                // the client does not see order ids here; ids are dense, so aim at recent ones
                submit(partition, commands.cancelOrder(accountId, instrumentId, Math.max(1, i * 7 / 10 - random.nextInt(200))));
            }
        }
    }

    private void submit(final Partition partition, final int length)
    {
        // the clock moves 10 us per command, so GTD orders expire about 100 commands after they rest
        clockNs.addAndGet(10_000);
        requestId++;
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        SubmitResult result;
        while ((result = partition.submit(SESSION_ID, requestId, commands.buffer(), 0, length)) == SubmitResult.OVERLOADED)
        {
            idle.idle();
        }
        assertEquals(SubmitResult.ACCEPTED, result);
    }

    private Partition launch(final ExchangeContext exchange, final ReadModels readModels, final ResponseSink sink)
    {
        return Partition.launch(new PartitionContext()
            .partitionId(0)
            .stateMachine(new ExchangeStateMachine(exchange))
            .addProjection(readModels.balances)
            .addProjection(readModels.openOrders)
            .addProjection(readModels.depth)
            .addProjection(readModels.tape)
            .journalDirectory(directory.resolve("journal"))
            .snapshotDirectory(directory.resolve("snapshots"))
            .durability(DurabilityPolicy.BATCH)
            .snapshotIntervalOps(0)
            .clock(clockNs::get)
            .responseSink(sink));
    }

    /**
     * The four read models of one launch.
     */
    private static final class ReadModels
    {
        final BalancesProjection balances;
        final OpenOrdersProjection openOrders;
        final BookDepthProjection depth;
        final TradeTapeProjection tape = new TradeTapeProjection();

        ReadModels(final ExchangeContext exchange)
        {
            balances = new BalancesProjection(exchange);
            openOrders = new OpenOrdersProjection(exchange);
            depth = new BookDepthProjection(exchange);
        }
    }

    /**
     * Counts answers on the engine's egress thread.
     */
    private static final class CountingSink implements ResponseSink
    {
        final AtomicLong responses = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();

        @Override
        public void onResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            responses.incrementAndGet();
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            rejected.incrementAndGet();
        }

        void awaitResponses(final long count)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
            while (responses.get() + rejected.get() < count)
            {
                assertTrue(System.nanoTime() < deadlineNs, "answered " + responses.get() + " of " + count);
                idle.idle();
            }
        }
    }
}
