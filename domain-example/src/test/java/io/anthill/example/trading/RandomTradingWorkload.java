package io.anthill.example.trading;

import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A seeded stream of client commands over a multi-partition deployment: each command names an instrument and goes
 * to the partition {@link InstrumentPartitioner} assigns it, as a client library would route it. Prices wander
 * around a mid so books cross often; cancels aim at recent order ids; deposits keep liquidity coming; every partition
 * gets a timer tick every {@link #TICK_EVERY_COMMANDS} commands, so GTD orders expire through their alarms.
 */
final class RandomTradingWorkload
{
    static final int TICK_EVERY_COMMANDS = 64;
    private static final long MID_PRICE_TICKS = 1_000;

    private final TradingPartition[] partitions;
    private final int instrumentCount;
    private final int accountCount;
    private final SplittableRandom random;
    private final long[] commandsByPartition;
    private final long[] resultCounts = new long[ResultCode.values().length + 1];

    RandomTradingWorkload(
        final TradingPartition[] partitions, final int instrumentCount, final int accountCount, final long seed)
    {
        this.partitions = partitions;
        this.instrumentCount = instrumentCount;
        this.accountCount = accountCount;
        this.random = new SplittableRandom(seed);
        this.commandsByPartition = new long[partitions.length];
    }

    /**
     * Opens every account in every partition (a sub-account each) and funds it with cash and the owned assets.
     */
    void openAndFundAccounts()
    {
        for (final TradingPartition partition : partitions)
        {
            for (long accountId = 1; accountId <= accountCount; accountId++)
            {
                partition.openAccount(accountId);
                partition.deposit(accountId, TradingLimits.CASH_ASSET_ID, 10_000_000);
                for (int instrumentId = 1; instrumentId <= instrumentCount; instrumentId++)
                {
                    if (InstrumentPartitioner.partitionOf(instrumentId, partitions.length) == partition.context.partitionId())
                    {
                        partition.deposit(accountId, instrumentId, 10_000);
                    }
                }
            }
        }
    }

    /**
     * Sends one command to the partition of a random instrument.
     */
    void next()
    {
        final int instrumentId = 1 + random.nextInt(instrumentCount);
        final int partitionId = InstrumentPartitioner.partitionOf(instrumentId, partitions.length);
        final TradingPartition partition = partitions[partitionId];
        final TradingCommandEncoder commands = partition.commands;
        final long accountId = 1 + random.nextInt(accountCount);
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long quantityLots = 1 + random.nextInt(50);
        final int roll = random.nextInt(100);
        final int length;
        if (roll < 50)
        {
            length = limitOrder(partition, accountId, instrumentId, side, quantityLots);
        }
        else if (roll < 57)
        {
            final long cashLimit = side == Side.BUY ? quantityLots * (MID_PRICE_TICKS + 20) : 0;
            length = commands.marketOrder(accountId, roll, instrumentId, side, quantityLots, cashLimit);
        }
        else if (roll < 88)
        {
            final long nextOrderId = partition.stateMachine.exchange().nextOrderId();
            length = commands.cancelOrder(accountId, instrumentId, Math.max(1, nextOrderId - 1 - random.nextInt(400)));
        }
        else if (roll < 96)
        {
            final int assetId = random.nextBoolean() ? TradingLimits.CASH_ASSET_ID : instrumentId;
            length = commands.deposit(accountId, assetId, assetId == 0 ? 1 + random.nextInt(50_000) : 1 + random.nextInt(50));
        }
        else
        {
            final int assetId = random.nextBoolean() ? TradingLimits.CASH_ASSET_ID : instrumentId;
            length = commands.withdraw(accountId, assetId, 1 + random.nextInt(100));
        }
        final byte[] response = partition.submit(length).response();
        // every response of the schema starts with its ResultCode, right after the message header
        resultCounts[new UnsafeBuffer(response).getShort(MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN)]++;
        if (++commandsByPartition[partitionId] % TICK_EVERY_COMMANDS == 0)
        {
            partition.tick(partition.nowNs());
        }
    }

    /**
     * @return how many responses carried each result, as "CODE=count" for the codes seen.
     */
    String resultSummary()
    {
        final StringBuilder summary = new StringBuilder();
        for (final ResultCode code : ResultCode.values())
        {
            if (code != ResultCode.NULL_VAL && resultCounts[code.value()] > 0)
            {
                summary.append(code).append('=').append(resultCounts[code.value()]).append(' ');
            }
        }
        return summary.toString().trim();
    }

    private int limitOrder(
        final TradingPartition partition, final long accountId, final int instrumentId, final Side side, final long quantityLots)
    {
        // buyers lean low and sellers high so that a book builds up, with enough overlap to trade
        final long offset = random.nextInt(21) - 10;
        final long priceTicks = MID_PRICE_TICKS + (side == Side.BUY ? offset - 2 : offset + 2);
        final int kind = random.nextInt(10);
        final TimeInForce timeInForce = kind == 0 ? TimeInForce.IOC : kind == 1 ? TimeInForce.GTD : TimeInForce.GTC;
        final long expireAtNs = timeInForce == TimeInForce.GTD ?
            partition.nowNs() + (1 + random.nextInt(500)) * TradingPartition.STEP_NS : 0;
        return partition.commands.limitOrder(accountId, kind, instrumentId, side, timeInForce, priceTicks, quantityLots, expireAtNs);
    }
}
