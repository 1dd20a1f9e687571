package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anthill.engine.PartitionConfiguration;
import io.anthill.engine.StateMachineHarness;
import io.anthill.example.trading.TradingPartition.OrderReply;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.OrderStatus;
import io.anthill.example.trading.codecs.PlaceLimitOrderEncoder;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import java.nio.ByteOrder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Given commands, expect responses and state: matching, settlement, reservations and rejections of one partition.
 * Every test ends by checking the invariants and that the read models agree with the state.
 */
class ExchangeStateMachineTest
{
    private static final int INSTRUMENT = 1;
    private static final int CASH = TradingLimits.CASH_ASSET_ID;
    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;

    private TradingPartition exchange;

    @BeforeEach
    void openFundedAccounts()
    {
        exchange = TradingPartition.single(2);
        for (final long account : new long[]{ALICE, BOB, CAROL})
        {
            assertEquals(ResultCode.OK, exchange.openAccount(account).result());
            assertEquals(ResultCode.OK, exchange.deposit(account, CASH, 100_000).result());
            assertEquals(ResultCode.OK, exchange.deposit(account, INSTRUMENT, 1_000).result());
        }
    }

    @AfterEach
    void validate()
    {
        exchange.validate();
    }

    @Test
    void shouldTradeAtTheRestingPriceInPriceThenTimePriority()
    {
        final OrderReply first = exchange.limit(ALICE, INSTRUMENT, Side.SELL, TimeInForce.GTC, 101, 10);
        final OrderReply better = exchange.limit(BOB, INSTRUMENT, Side.SELL, TimeInForce.GTC, 100, 10);
        final OrderReply later = exchange.limit(CAROL, INSTRUMENT, Side.SELL, TimeInForce.GTC, 101, 10);

        final OrderReply taker = exchange.limit(CAROL, INSTRUMENT, Side.BUY, TimeInForce.GTC, 105, 15);

        assertEquals(new OrderReply(ResultCode.OK, taker.orderId(), OrderStatus.FILLED, 15, 0), taker);
        assertEquals(0, exchange.openOrders.remainingLots(better.orderId()));
        assertEquals(5, exchange.openOrders.remainingLots(first.orderId()), "the older order at 101 fills first");
        assertEquals(10, exchange.openOrders.remainingLots(later.orderId()));
        // Carol paid 10 x 100 + 5 x 101, not her limit of 105
        assertEquals(100_000 - 1_505, exchange.balances.balance(CAROL, CASH));
        assertEquals(1_000 + 15, exchange.balances.balance(CAROL, INSTRUMENT));
        assertEquals(10, exchange.balances.reserved(CAROL, INSTRUMENT), "her own resting sell, untouched");
        assertEquals(100_000 + 505, exchange.balances.balance(ALICE, CASH));
        assertEquals(2, exchange.tape.tradeCount());
    }

    @Test
    void shouldReserveCashOfARestingBuyAndRefuseToWithdrawIt()
    {
        final OrderReply bid = exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 900, 100);

        assertEquals(OrderStatus.RESTING, bid.status());
        assertEquals(90_000, exchange.balances.reserved(ALICE, CASH));
        assertEquals(ResultCode.INSUFFICIENT_CASH, exchange.withdraw(ALICE, CASH, 10_001).result());
        assertEquals(ResultCode.OK, exchange.withdraw(ALICE, CASH, 10_000).result());
        assertEquals(ResultCode.INSUFFICIENT_CASH, exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 1, 1).result());

        assertEquals(OrderStatus.CLOSED, exchange.cancel(ALICE, INSTRUMENT, bid.orderId()).status());
        assertEquals(0, exchange.balances.reserved(ALICE, CASH));
    }

    @Test
    void shouldRefuseToSellMoreThanTheAvailableAsset()
    {
        assertEquals(OrderStatus.RESTING, exchange.limit(BOB, INSTRUMENT, Side.SELL, TimeInForce.GTC, 50, 600).status());

        final OrderReply oversell = exchange.limit(BOB, INSTRUMENT, Side.SELL, TimeInForce.GTC, 50, 401);

        assertEquals(ResultCode.INSUFFICIENT_ASSET, oversell.result());
        assertEquals(0, oversell.orderId());
        assertEquals(ResultCode.INSUFFICIENT_ASSET, exchange.market(BOB, INSTRUMENT, Side.SELL, 401, 0).result());
        assertEquals(ResultCode.INSUFFICIENT_ASSET, exchange.withdraw(BOB, INSTRUMENT, 401).result());
    }

    @Test
    void shouldReturnTheDifferenceToALimitBuyThatFillsBelowItsLimit()
    {
        exchange.limit(BOB, INSTRUMENT, Side.SELL, TimeInForce.GTC, 90, 10);

        final OrderReply buy = exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 100, 20);

        assertEquals(new OrderReply(ResultCode.OK, buy.orderId(), OrderStatus.RESTING, 10, 10), buy);
        assertEquals(100_000 - 900, exchange.balances.balance(ALICE, CASH));
        assertEquals(1_000, exchange.balances.reserved(ALICE, CASH), "the rest reserves its own limit only");
    }

    @Test
    void shouldCloseTheUnfilledRemainderOfAnImmediateOrCancelOrder()
    {
        exchange.limit(BOB, INSTRUMENT, Side.BUY, TimeInForce.GTC, 100, 5);

        final OrderReply ioc = exchange.limit(ALICE, INSTRUMENT, Side.SELL, TimeInForce.IOC, 99, 8);

        assertEquals(new OrderReply(ResultCode.OK, ioc.orderId(), OrderStatus.CLOSED, 5, 0), ioc);
        assertEquals(0, exchange.openOrders.size());
        assertEquals(0, exchange.balances.reserved(ALICE, INSTRUMENT));
    }

    @Test
    void shouldStopAMarketBuyAtItsCashLimit()
    {
        exchange.limit(BOB, INSTRUMENT, Side.SELL, TimeInForce.GTC, 100, 5);
        exchange.limit(CAROL, INSTRUMENT, Side.SELL, TimeInForce.GTC, 200, 5);

        final OrderReply market = exchange.market(ALICE, INSTRUMENT, Side.BUY, 10, 900);

        // 5 x 100 = 500 spent, the remaining 400 buys 2 at 200
        assertEquals(new OrderReply(ResultCode.OK, market.orderId(), OrderStatus.CLOSED, 7, 0), market);
        assertEquals(100_000 - 900, exchange.balances.balance(ALICE, CASH));
        assertEquals(0, exchange.balances.reserved(ALICE, CASH));
        assertEquals(ResultCode.INVALID_CASH_LIMIT, exchange.market(ALICE, INSTRUMENT, Side.BUY, 10, 0).result());
    }

    @Test
    void shouldCancelTheRestingOrderWhenItsOwnerWouldTradeWithItself()
    {
        final OrderReply own = exchange.limit(ALICE, INSTRUMENT, Side.SELL, TimeInForce.GTC, 100, 5);
        exchange.limit(BOB, INSTRUMENT, Side.SELL, TimeInForce.GTC, 101, 5);

        final OrderReply buy = exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 101, 5);

        assertEquals(new OrderReply(ResultCode.OK, buy.orderId(), OrderStatus.FILLED, 5, 0), buy);
        assertEquals(0, exchange.openOrders.remainingLots(own.orderId()));
        assertEquals(0, exchange.openOrders.size());
        assertEquals(1_000, exchange.balances.balance(ALICE, INSTRUMENT) - 5, "bought from Bob, not from herself");
    }

    @Test
    void shouldExpireAGoodTillDateOrderThroughItsDurableAlarm()
    {
        final long expireAtNs = exchange.nowNs() + 1_000_000;
        final OrderReply gtd = exchange.goodTillDate(ALICE, INSTRUMENT, Side.BUY, 100, 10, expireAtNs);
        assertTrue(exchange.harness.alarms().isScheduled(gtd.orderId()));

        exchange.tick(expireAtNs - 1);
        assertEquals(10, exchange.openOrders.remainingLots(gtd.orderId()));

        exchange.tick(expireAtNs);
        assertEquals(0, exchange.openOrders.size());
        assertEquals(0, exchange.balances.reserved(ALICE, CASH));
        assertFalse(exchange.harness.alarms().isScheduled(gtd.orderId()));
    }

    @Test
    void shouldCancelTheAlarmOfAGoodTillDateOrderThatFills()
    {
        final OrderReply gtd = exchange.goodTillDate(ALICE, INSTRUMENT, Side.BUY, 100, 10, exchange.nowNs() + 1_000_000);

        exchange.market(BOB, INSTRUMENT, Side.SELL, 10, 0);

        assertEquals(0, exchange.harness.alarms().size());
        assertFalse(exchange.harness.alarms().isScheduled(gtd.orderId()));
    }

    @Test
    void shouldRejectAGoodTillDateOrderThatHasAlreadyExpired()
    {
        assertEquals(ResultCode.EXPIRED_ON_ARRIVAL,
            exchange.goodTillDate(ALICE, INSTRUMENT, Side.BUY, 100, 10, exchange.nowNs()).result());
        assertEquals(ResultCode.INVALID_EXPIRY, exchange.goodTillDate(ALICE, INSTRUMENT, Side.BUY, 100, 10,
            exchange.nowNs() + 2 * TradingLimits.GTD_HORIZON_MAX_NS).result());
    }

    @Test
    void shouldRejectCancelsOfUnknownOrOtherAccountsOrders()
    {
        final OrderReply bid = exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 100, 10);

        assertEquals(ResultCode.NOT_ORDER_OWNER, exchange.cancel(BOB, INSTRUMENT, bid.orderId()).result());
        assertEquals(ResultCode.UNKNOWN_ORDER, exchange.cancel(ALICE, INSTRUMENT, bid.orderId() + 1).result());
        assertEquals(ResultCode.UNKNOWN_ORDER, exchange.cancel(ALICE, 2, bid.orderId()).result());
        assertEquals(ResultCode.UNKNOWN_INSTRUMENT, exchange.cancel(ALICE, 3, bid.orderId()).result());
    }

    @Test
    void shouldRejectOrdersOutsideTheLimits()
    {
        assertEquals(ResultCode.PRICE_OUT_OF_BAND, exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 0, 1).result());
        assertEquals(ResultCode.INVALID_QUANTITY, exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 1, 0).result());
        assertEquals(ResultCode.UNKNOWN_ACCOUNT, exchange.limit(99, INSTRUMENT, Side.BUY, TimeInForce.GTC, 1, 1).result());
        assertEquals(ResultCode.UNKNOWN_INSTRUMENT, exchange.limit(ALICE, 0, Side.BUY, TimeInForce.GTC, 1, 1).result());
        assertEquals(ResultCode.ACCOUNT_EXISTS, exchange.openAccount(ALICE).result());
        assertEquals(ResultCode.INVALID_AMOUNT, exchange.deposit(ALICE, CASH, -5).result());
        assertEquals(ResultCode.UNKNOWN_ASSET, exchange.deposit(ALICE, 7, 5).result());
    }

    @Test
    void shouldRejectAPayloadThatIsNotACommandWithoutChangingState()
    {
        final long stateDigest = exchange.stateMachine.stateDigest();
        final UnsafeBuffer payload = exchange.commands.buffer();

        payload.putLong(0, -1L);
        assertEquals(ResultCode.UNKNOWN_COMMAND, rejectionOf(exchange.submit(Long.BYTES)));
        assertEquals(ResultCode.MALFORMED_COMMAND, rejectionOf(exchange.submit(3)));

        final int length = exchange.commands.limitOrder(ALICE, 1, INSTRUMENT, Side.BUY, TimeInForce.GTC, 100, 1, 0);
        payload.putShort(0, (short)4, ByteOrder.LITTLE_ENDIAN);
        assertEquals(ResultCode.MALFORMED_COMMAND, rejectionOf(exchange.submit(length)), "block shorter than the template's");
        exchange.commands.limitOrder(ALICE, 1, INSTRUMENT, Side.BUY, TimeInForce.GTC, 100, 1, 0);
        assertEquals(ResultCode.MALFORMED_COMMAND, rejectionOf(exchange.submit(length - 1)), "block longer than the payload");
        payload.putByte(MessageHeaderDecoder.ENCODED_LENGTH + PlaceLimitOrderEncoder.sideEncodingOffset(), (byte)9);
        assertEquals(ResultCode.MALFORMED_COMMAND, rejectionOf(exchange.submit(length)), "no such side");

        assertEquals(stateDigest, exchange.stateMachine.stateDigest());
    }

    private ResultCode rejectionOf(final StateMachineHarness.Outcome outcome)
    {
        assertTrue(outcome.events().isEmpty(), "a rejection emits nothing");
        final UnsafeBuffer response = new UnsafeBuffer(outcome.response());
        return ResultCode.get(response.getShort(MessageHeaderDecoder.ENCODED_LENGTH, ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
    }

    @Test
    void shouldCloseTheRemainderOfATakerThatMeetsTooManyRestingOrders()
    {
        final int makers = TradingLimits.MATCHES_PER_ORDER_MAX + 8;
        for (int i = 0; i < makers; i++)
        {
            final long maker = 100 + i;
            exchange.openAccount(maker);
            exchange.deposit(maker, INSTRUMENT, 1);
            exchange.limit(maker, INSTRUMENT, Side.SELL, TimeInForce.GTC, 100 + i, 1);
        }

        final OrderReply sweep = exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 1_000, makers);

        assertEquals(new OrderReply(ResultCode.OK, sweep.orderId(), OrderStatus.CLOSED, TradingLimits.MATCHES_PER_ORDER_MAX, 0), sweep);
        assertEquals(8, exchange.openOrders.size());
        final int eventsLength = exchange.lastOutcome().events().stream()
            .mapToInt(event -> event.length + TradingEventPublisher.ENGINE_EVENT_FRAME_LENGTH).sum();
        assertTrue(eventsLength <= ExchangeStateMachine.EVENTS_LENGTH_PER_COMMAND_MAX,
            eventsLength + " > " + ExchangeStateMachine.EVENTS_LENGTH_PER_COMMAND_MAX);
        assertTrue(ExchangeStateMachine.EVENTS_LENGTH_PER_COMMAND_MAX <= PartitionConfiguration.EVENTS_LENGTH_MAX_DEFAULT);
    }
}
