package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anthill.engine.Projection;
import io.anthill.example.trading.codecs.BalancesReportDecoder;
import io.anthill.example.trading.codecs.BookDepthReportDecoder;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.OpenOrdersReportDecoder;
import io.anthill.example.trading.codecs.RecentTradesReportDecoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each read model answers its own query, in SBE, from the events it has seen, and declines every other query.
 */
class ReadModelQueryTest
{
    private static final int INSTRUMENT = 1;
    private static final long ALICE = 1;
    private static final long BOB = 2;

    private final ExpandableArrayBuffer response = new ExpandableArrayBuffer(256);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private TradingPartition exchange;
    private long aliceBidId;

    @BeforeEach
    void tradeALittle()
    {
        exchange = TradingPartition.single(2);
        for (final long account : new long[]{ALICE, BOB})
        {
            exchange.openAccount(account);
            exchange.deposit(account, TradingLimits.CASH_ASSET_ID, 10_000);
            exchange.deposit(account, INSTRUMENT, 100);
        }
        aliceBidId = exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 98, 10).orderId();
        exchange.limit(ALICE, INSTRUMENT, Side.BUY, TimeInForce.GTC, 99, 10);
        exchange.limit(BOB, INSTRUMENT, Side.BUY, TimeInForce.GTC, 99, 5);
        exchange.limit(BOB, INSTRUMENT, Side.SELL, TimeInForce.GTC, 101, 7);
        exchange.market(BOB, INSTRUMENT, Side.SELL, 4, 0);
        exchange.market(ALICE, INSTRUMENT, Side.BUY, 2, 1_000);
        exchange.validate();
    }

    @Test
    void shouldReportTheBalancesOfAnAccount()
    {
        final BalancesReportDecoder report = new BalancesReportDecoder();
        query(exchange.balances, exchange.commands.queryBalances(ALICE));
        report.wrapAndApplyHeader(response, 0, header);

        assertEquals(1, report.known());
        final BalancesReportDecoder.AssetsDecoder assets = report.assets();
        assertEquals(3, assets.count());
        assets.next();
        // bought 4 at 99 and 2 at 101; 98 x 10 + 99 x 6 still reserved
        assertEquals(10_000 - 4 * 99 - 2 * 101, assets.balance());
        assertEquals(98 * 10 + 99 * 6, assets.reserved());
        assets.next();
        assertEquals(106, assets.balance());
    }

    @Test
    void shouldReportTheOpenOrdersOfAnAccountNewestFirst()
    {
        final OpenOrdersReportDecoder report = new OpenOrdersReportDecoder();
        query(exchange.openOrders, exchange.commands.queryOpenOrders(ALICE));
        report.wrapAndApplyHeader(response, 0, header);

        final OpenOrdersReportDecoder.OrdersDecoder orders = report.orders();
        assertEquals(2, orders.count());
        assertEquals(99, orders.next().priceTicks());
        assertEquals(6, orders.remainingLots());
        assertEquals(aliceBidId, orders.next().orderId());
    }

    @Test
    void shouldReportTheTopLevelsOfABookBestFirst()
    {
        final BookDepthReportDecoder report = new BookDepthReportDecoder();
        query(exchange.depth, exchange.commands.queryBookDepth(INSTRUMENT, 1));
        report.wrapAndApplyHeader(response, 0, header);

        final BookDepthReportDecoder.BidsDecoder bids = report.bids();
        assertEquals(1, bids.count());
        bids.next();
        assertEquals(99, bids.priceTicks());
        assertEquals(6 + 5, bids.quantityLots());
        assertEquals(2, bids.orderCount());
        final BookDepthReportDecoder.AsksDecoder asks = report.asks();
        assertEquals(1, asks.count());
        assertEquals(5, asks.next().quantityLots());
    }

    @Test
    void shouldReportRecentTradesNewestFirst()
    {
        final RecentTradesReportDecoder report = new RecentTradesReportDecoder();
        query(exchange.tape, exchange.commands.queryRecentTrades(0, 10));
        report.wrapAndApplyHeader(response, 0, header);

        final RecentTradesReportDecoder.TradesDecoder trades = report.trades();
        assertEquals(2, trades.count());
        assertEquals(101, trades.next().priceTicks());
        assertEquals(Side.BUY, trades.takerSide());
        assertEquals(99, trades.next().priceTicks());
        assertEquals(4, trades.quantityLots());
    }

    @Test
    void shouldDeclineQueriesOfOtherReadModels()
    {
        final int length = exchange.commands.queryRecentTrades(0, 10);
        for (final Projection projection : new Projection[]{exchange.balances, exchange.openOrders, exchange.depth})
        {
            assertEquals(-1, projection.onQuery(exchange.commands.buffer(), 0, length, response, 0), projection.name());
        }
        assertEquals(-1, exchange.tape.onQuery(exchange.commands.buffer(), 0, 3, response, 0));
    }

    private void query(final Projection projection, final int length)
    {
        final int answered = projection.onQuery(exchange.commands.buffer(), 0, length, response, 0);
        assertTrue(answered > MessageHeaderDecoder.ENCODED_LENGTH, projection.name());
    }
}
