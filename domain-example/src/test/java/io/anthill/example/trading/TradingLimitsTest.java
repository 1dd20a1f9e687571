package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anthill.example.trading.codecs.OrderStatus;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import org.junit.jupiter.api.Test;

/**
 * Every limit of a partition is enforced on entry with a typed rejection that changes nothing, and a context that
 * breaks one fails at start-up naming the setting.
 */
class TradingLimitsTest
{
    private static final int INSTRUMENT = 1;
    private static final int CASH = TradingLimits.CASH_ASSET_ID;

    @Test
    void shouldRejectAccountsBeyondTheLimit()
    {
        final TradingPartition exchange = new TradingPartition(TradingPartition.singleContext(1).accountsMax(2));
        exchange.openAccount(1);
        exchange.openAccount(2);

        assertEquals(ResultCode.TOO_MANY_ACCOUNTS, exchange.openAccount(3).result());
        exchange.validate();
    }

    @Test
    void shouldRejectDepositsThatWouldExceedTheSupplyOfAnAsset()
    {
        final TradingPartition exchange = TradingPartition.single(1);
        exchange.openAccount(1);
        exchange.openAccount(2);
        exchange.deposit(1, CASH, TradingLimits.ASSET_SUPPLY_MAX - 10);

        assertEquals(ResultCode.BALANCE_LIMIT_EXCEEDED, exchange.deposit(2, CASH, 11).result());
        assertEquals(ResultCode.OK, exchange.deposit(2, CASH, 10).result());
        exchange.validate();
    }

    @Test
    void shouldRejectOrdersBeyondThePoolPriceLevelsAndGoodTillDateCapacity()
    {
        final TradingPartition exchange = new TradingPartition(
            TradingPartition.singleContext(1).ordersMax(4).priceLevelsMax(2).gtdOrdersMax(1));
        exchange.openAccount(1);
        exchange.deposit(1, CASH, 1_000_000);
        final long expireAtNs = exchange.nowNs() + 1_000_000_000L;

        assertEquals(OrderStatus.RESTING, exchange.goodTillDate(1, INSTRUMENT, Side.BUY, 10, 1, expireAtNs).status());
        assertEquals(ResultCode.TOO_MANY_GTD_ORDERS, exchange.goodTillDate(1, INSTRUMENT, Side.BUY, 10, 1, expireAtNs).result());
        assertEquals(OrderStatus.RESTING, exchange.limit(1, INSTRUMENT, Side.BUY, TimeInForce.GTC, 11, 1).status());
        assertEquals(ResultCode.TOO_MANY_PRICE_LEVELS, exchange.limit(1, INSTRUMENT, Side.BUY, TimeInForce.GTC, 12, 1).result());
        assertEquals(OrderStatus.CLOSED, exchange.limit(1, INSTRUMENT, Side.BUY, TimeInForce.IOC, 12, 1).status(),
            "an IOC never rests, so it needs no level");
        assertEquals(OrderStatus.RESTING, exchange.limit(1, INSTRUMENT, Side.BUY, TimeInForce.GTC, 11, 1).status());
        assertEquals(OrderStatus.RESTING, exchange.limit(1, INSTRUMENT, Side.BUY, TimeInForce.GTC, 11, 1).status());
        assertEquals(ResultCode.TOO_MANY_ORDERS, exchange.limit(1, INSTRUMENT, Side.BUY, TimeInForce.GTC, 11, 1).result());
        exchange.validate();
    }

    @Test
    void shouldFailAtStartUpOnAContextThatBreaksALimit()
    {
        assertThrows(IllegalStateException.class, () -> new ExchangeContext().partitionId(0).instrumentCount(0).conclude());
        assertThrows(IllegalStateException.class,
            () -> new ExchangeContext().partitionId(2).partitionCount(2).instrumentCount(1).conclude());
        assertThrows(IllegalStateException.class, () -> TradingPartition.singleContext(1).ordersMax(4).gtdOrdersMax(5).conclude());
    }
}
