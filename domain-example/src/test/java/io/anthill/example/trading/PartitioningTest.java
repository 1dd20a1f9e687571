package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anthill.example.trading.codecs.OrderStatus;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import org.junit.jupiter.api.Test;

/**
 * Instruments map to partitions by a fixed function; an account has an independent sub-account in each partition,
 * so every check and every trade about an instrument is decided by the one partition that owns it.
 */
class PartitioningTest
{
    private static final int PARTITION_COUNT = 2;
    private static final int INSTRUMENT_COUNT = 4;
    private static final int INSTRUMENT_OF_P1 = 1;
    private static final int INSTRUMENT_OF_P0 = 2;
    private static final int CASH = TradingLimits.CASH_ASSET_ID;

    @Test
    void shouldMapInstrumentsToPartitionsByThePinnedFunction()
    {
        // part of the wire contract: clients in any language compute the same, so these never change
        assertArrayEquals(new int[]{1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1}, partitionsOf(2));
        assertArrayEquals(new int[]{2, 1, 0, 1, 2, 2, 0, 1, 1, 1, 0, 0}, partitionsOf(3));
        assertArrayEquals(new int[]{1, 2, 1, 2, 2, 0, 3, 2, 0, 2, 1, 3}, partitionsOf(4));
        assertThrows(IllegalArgumentException.class, () -> InstrumentPartitioner.partitionOf(0, 2));
        assertThrows(IllegalArgumentException.class, () -> InstrumentPartitioner.partitionOf(1, TradingLimits.PARTITIONS_MAX + 1));
    }

    @Test
    void shouldRejectCommandsAboutAnInstrumentOfAnotherPartition()
    {
        final TradingPartition p0 = partition(0);
        p0.openAccount(1);

        assertEquals(ResultCode.WRONG_PARTITION, p0.deposit(1, INSTRUMENT_OF_P1, 10).result());
        assertEquals(ResultCode.WRONG_PARTITION, p0.limit(1, INSTRUMENT_OF_P1, Side.BUY, TimeInForce.GTC, 10, 1).result());
        assertEquals(ResultCode.WRONG_PARTITION, p0.cancel(1, INSTRUMENT_OF_P1, 1).result());
        assertEquals(ResultCode.OK, p0.deposit(1, INSTRUMENT_OF_P0, 10).result());
        p0.validate();
    }

    @Test
    void shouldKeepTheCashOfEachPartitionForTheInstrumentsItOwns()
    {
        final TradingPartition p0 = partition(0);
        final TradingPartition p1 = partition(1);
        for (final TradingPartition partition : new TradingPartition[]{p0, p1})
        {
            partition.openAccount(1);
            partition.openAccount(2);
        }
        p0.deposit(1, CASH, 1_000);
        p1.deposit(2, INSTRUMENT_OF_P1, 5);
        p1.limit(2, INSTRUMENT_OF_P1, Side.SELL, TimeInForce.GTC, 100, 5);

        // account 1's cash is in partition 0, so partition 1 cannot spend it: no cross-partition decision
        assertEquals(ResultCode.INSUFFICIENT_CASH, p1.limit(1, INSTRUMENT_OF_P1, Side.BUY, TimeInForce.GTC, 100, 5).result());
        p0.withdraw(1, CASH, 1_000);
        p1.deposit(1, CASH, 1_000);
        assertEquals(OrderStatus.FILLED, p1.limit(1, INSTRUMENT_OF_P1, Side.BUY, TimeInForce.GTC, 100, 5).status());

        assertEquals(500, p1.balances.balance(1, CASH));
        assertEquals(5, p1.balances.balance(1, INSTRUMENT_OF_P1));
        assertEquals(0, p0.balances.balance(1, CASH));
        p0.validate();
        p1.validate();
    }

    private static int[] partitionsOf(final int partitionCount)
    {
        final int[] partitions = new int[12];
        for (int instrumentId = 1; instrumentId <= partitions.length; instrumentId++)
        {
            partitions[instrumentId - 1] = InstrumentPartitioner.partitionOf(instrumentId, partitionCount);
        }
        return partitions;
    }

    private static TradingPartition partition(final int partitionId)
    {
        return new TradingPartition(
            new ExchangeContext().partitionId(partitionId).partitionCount(PARTITION_COUNT).instrumentCount(INSTRUMENT_COUNT));
    }
}
