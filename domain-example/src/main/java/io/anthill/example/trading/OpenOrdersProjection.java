package io.anthill.example.trading;

import io.anthill.engine.Projection;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.OpenOrdersReportEncoder;
import io.anthill.example.trading.codecs.OrderClosedDecoder;
import io.anthill.example.trading.codecs.OrderRestedDecoder;
import io.anthill.example.trading.codecs.QueryOpenOrdersDecoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TradeExecutedDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Read model of the resting orders of every account, answering {@code QueryOpenOrders} (newest first). It mirrors
 * the books from their events alone: an order joins on {@code OrderRested}, shrinks on each {@code TradeExecuted}
 * where it is the maker, and leaves on {@code OrderClosed}. It also checks, on the read side, that every fill matches
 * a resting order and that every close removes exactly what was left: a mismatch is a bug and throws.
 * <p>
 * Views are pooled (one per possible order) and linked per account, so events allocate nothing. The digest is a
 * sum of one term per open order, kept incrementally.
 */
public final class OpenOrdersProjection implements Projection, TradingEventHandler
{
    private static final float LOAD_FACTOR = 0.5f;

    private final Long2ObjectHashMap<OpenOrder> ordersById;
    private final Long2ObjectHashMap<OpenOrder> newestByAccount;
    private final OpenOrder[] freeOrders;
    private int freeCount;
    private final TradingEventAdapter adapter = new TradingEventAdapter(this, OrderRestedDecoder.TEMPLATE_ID,
        TradeExecutedDecoder.TEMPLATE_ID, OrderClosedDecoder.TEMPLATE_ID);
    private final MessageHeaderDecoder queryHeader = new MessageHeaderDecoder();
    private final QueryOpenOrdersDecoder query = new QueryOpenOrdersDecoder();
    private final MessageHeaderEncoder reportHeader = new MessageHeaderEncoder();
    private final OpenOrdersReportEncoder report = new OpenOrdersReportEncoder();
    private long digest;

    /**
     * @param context the settings of the partition whose events this read model consumes.
     */
    public OpenOrdersProjection(final ExchangeContext context)
    {
        final ExchangeContext concluded = context.isConcluded() ? context : context.conclude();
        final int ordersMax = concluded.ordersMax();
        ordersById = new Long2ObjectHashMap<>(2 * ordersMax + 2, LOAD_FACTOR);
        newestByAccount = new Long2ObjectHashMap<>(2 * ordersMax + 2, LOAD_FACTOR);
        freeOrders = new OpenOrder[ordersMax];
        for (int i = 0; i < ordersMax; i++)
        {
            freeOrders[i] = new OpenOrder();
        }
        freeCount = ordersMax;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return "trading-open-orders";
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onEvent(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        adapter.onEvent(buffer, offset, length);
    }

    /**
     * Answers {@code QueryOpenOrders} with an {@code OpenOrdersReport}: the account's resting orders, newest first, at
     * most {@link TradingLimits#OPEN_ORDERS_REPORT_MAX}.
     */
    @Override
    public int onQuery(
        final DirectBuffer buffer, final int offset, final int length, final MutableDirectBuffer response, final int responseOffset)
    {
        if (!Queries.isQuery(queryHeader, buffer, offset, length, QueryOpenOrdersDecoder.TEMPLATE_ID, QueryOpenOrdersDecoder.BLOCK_LENGTH))
        {
            return Queries.NOT_A_QUERY;
        }
        query.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, queryHeader.blockLength(), queryHeader.version());
        final long accountId = query.accountId();
        final OpenOrder newest = newestByAccount.get(accountId);
        int count = 0;
        for (OpenOrder order = newest; order != null && count < TradingLimits.OPEN_ORDERS_REPORT_MAX; order = order.older)
        {
            count++;
        }
        report.wrapAndApplyHeader(response, responseOffset, reportHeader).accountId(accountId);
        final OpenOrdersReportEncoder.OrdersEncoder orders = report.ordersCount(count);
        OpenOrder order = newest;
        for (int i = 0; i < count; i++, order = order.older)
        {
            orders.next()
                .orderId(order.orderId)
                .instrumentId(order.instrumentId)
                .side(order.side)
                .priceTicks(order.priceTicks)
                .remainingLots(order.remainingLots);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long digest()
    {
        return digest;
    }

    @Override
    public void onOrderRested(final OrderRestedDecoder event)
    {
        if (freeCount == 0 || ordersById.containsKey(event.orderId()))
        {
            throw new IllegalStateException("order " + event.orderId() + " rested twice or beyond ordersMax");
        }
        final OpenOrder order = freeOrders[--freeCount];
        freeOrders[freeCount] = null;
        order.orderId = event.orderId();
        order.accountId = event.accountId();
        order.instrumentId = event.instrumentId();
        order.side = event.side();
        order.priceTicks = event.priceTicks();
        order.remainingLots = event.remainingLots();
        ordersById.put(order.orderId, order);
        link(order);
        digest += order.term();
    }

    @Override
    public void onTradeExecuted(final TradeExecutedDecoder event)
    {
        final OpenOrder maker = ordersById.get(event.makerOrderId());
        if (maker == null || maker.accountId != event.makerAccountId() || maker.priceTicks != event.priceTicks() ||
            maker.side == event.takerSide() || maker.remainingLots < event.quantityLots())
        {
            throw new IllegalStateException("trade " + event.tradeId() + " does not match resting order " + event.makerOrderId());
        }
        digest -= maker.term();
        maker.remainingLots -= event.quantityLots();
        digest += maker.term();
    }

    @Override
    public void onOrderClosed(final OrderClosedDecoder event)
    {
        if (event.wasResting() == 0)
        {
            return;
        }
        final OpenOrder order = ordersById.remove(event.orderId());
        if (order == null || order.remainingLots != event.remainingLots())
        {
            throw new IllegalStateException("closed order " + event.orderId() + " was not resting with " + event.remainingLots());
        }
        digest -= order.term();
        unlink(order);
        order.older = null;
        order.newer = null;
        freeOrders[freeCount++] = order;
    }

    /**
     * @return the open orders, for tests.
     */
    int size()
    {
        return ordersById.size();
    }

    /**
     * @return the remaining lots of an open order, for tests; 0 if it is not open.
     */
    long remainingLots(final long orderId)
    {
        final OpenOrder order = ordersById.get(orderId);
        return order == null ? 0 : order.remainingLots;
    }

    private void link(final OpenOrder order)
    {
        final OpenOrder newest = newestByAccount.put(order.accountId, order);
        order.older = newest;
        order.newer = null;
        if (newest != null)
        {
            newest.newer = order;
        }
    }

    private void unlink(final OpenOrder order)
    {
        if (order.newer == null)
        {
            if (order.older == null)
            {
                newestByAccount.remove(order.accountId);
            }
            else
            {
                newestByAccount.put(order.accountId, order.older);
            }
        }
        else
        {
            order.newer.older = order.older;
        }
        if (order.older != null)
        {
            order.older.newer = order.newer;
        }
    }

    /**
     * One open order as the read model sees it: a pooled node of its account's list.
     */
    private static final class OpenOrder
    {
        long orderId;
        long accountId;
        int instrumentId;
        Side side;
        long priceTicks;
        long remainingLots;
        OpenOrder older;
        OpenOrder newer;

        long term()
        {
            return Digests.chain(Digests.ofItem(orderId, accountId, 4L * instrumentId + side.value(), priceTicks), remainingLots);
        }
    }
}
