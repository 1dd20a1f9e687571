package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The command path allocates nothing: after a warm-up (which opens the accounts, the only allocating command, and
 * lets the JIT compile), a long run of orders, trades, cancels, GTD orders and transfers through the state machine
 * and all four read models allocates no bytes on this thread. Measured with
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}.
 */
class AllocationTest
{
    private static final int ACCOUNT_COUNT = 100;
    private static final int INSTRUMENT_COUNT = 4;
    private static final int WARM_UP_COMMANDS = 300_000;
    private static final int MEASURED_COMMANDS = 300_000;
    /**
     * Slack for the measuring itself (the MXBean call); a single allocating command would exceed it many times over.
     */
    private static final long ALLOCATED_BYTES_MAX = 1024;

    private final TradingCommandEncoder commands = new TradingCommandEncoder();
    private final SplittableRandom random = new SplittableRandom(42);
    private long nowNs = TradingPartition.START_NS;

    @Test
    void shouldNotAllocateOnTheCommandPathOfStateMachineAndReadModels()
    {
        final ExchangeContext context = TradingPartition.singleContext(INSTRUMENT_COUNT).conclude();
        final ExchangeStateMachine stateMachine = new ExchangeStateMachine(context);
        final TradeTapeProjection tape = new TradeTapeProjection();
        final AllocationFreeDriver driver = new AllocationFreeDriver(stateMachine, context.gtdOrdersMax(),
            new BalancesProjection(context), new OpenOrdersProjection(context), new BookDepthProjection(context), tape);
        for (long accountId = 1; accountId <= ACCOUNT_COUNT; accountId++)
        {
            apply(driver, commands.openAccount(accountId));
        }
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        run(driver, stateMachine, WARM_UP_COMMANDS);
        final long tradesBefore = tape.tradeCount();
        final long eventsBefore = driver.eventCount();
        final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        final long startNs = System.nanoTime();
        run(driver, stateMachine, MEASURED_COMMANDS);
        final long elapsedNs = System.nanoTime() - startNs;
        final long allocatedBytes = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

        System.out.printf("%d commands, %d trades, %d events: %d bytes allocated; %.0f commands/s with all read models%n",
            MEASURED_COMMANDS, tape.tradeCount() - tradesBefore, driver.eventCount() - eventsBefore, allocatedBytes,
            MEASURED_COMMANDS / (elapsedNs / 1e9));
        assertTrue(tape.tradeCount() - tradesBefore > MEASURED_COMMANDS / 10, "too few trades to prove much");
        assertTrue(allocatedBytes <= ALLOCATED_BYTES_MAX, allocatedBytes + " bytes allocated over " + MEASURED_COMMANDS + " commands");
        stateMachine.validateInternalState();
    }

    private void run(final AllocationFreeDriver driver, final ExchangeStateMachine stateMachine, final int commandCount)
    {
        for (int i = 0; i < commandCount; i++)
        {
            final long accountId = 1 + random.nextInt(ACCOUNT_COUNT);
            final int instrumentId = 1 + random.nextInt(INSTRUMENT_COUNT);
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long priceTicks = 1_000 + random.nextInt(21) - 10 + (side == Side.BUY ? -2 : 2);
            final long quantityLots = 1 + random.nextInt(50);
            final int roll = random.nextInt(100);
            if (roll < 45)
            {
                final TimeInForce timeInForce = roll < 5 ? TimeInForce.IOC : roll < 12 ? TimeInForce.GTD : TimeInForce.GTC;
                final long expireAtNs = timeInForce == TimeInForce.GTD ? nowNs + 1_000_000_000L : 0;
                apply(driver, commands.limitOrder(accountId, i, instrumentId, side, timeInForce, priceTicks, quantityLots, expireAtNs));
            }
            else if (roll < 52)
            {
                apply(driver, commands.marketOrder(accountId, i, instrumentId, side, quantityLots, side == Side.BUY ? 60_000 : 0));
            }
            else if (roll < 85)
            {
                final long orderId = Math.max(1, stateMachine.exchange().nextOrderId() - 1 - random.nextInt(300));
                apply(driver, commands.cancelOrder(accountId, instrumentId, orderId));
            }
            else
            {
                final int assetId = random.nextBoolean() ? TradingLimits.CASH_ASSET_ID : instrumentId;
                apply(driver, roll < 95 ?
                    commands.deposit(accountId, assetId, assetId == 0 ? 100_000 : 100) : commands.withdraw(accountId, assetId, 10));
            }
        }
    }

    private void apply(final AllocationFreeDriver driver, final int length)
    {
        nowNs += TradingPartition.STEP_NS;
        driver.apply(nowNs, commands.buffer(), 0, length);
        assertTrue(driver.responseLength() > 0, "no response");
    }
}
