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
import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * Read model of the resting orders of every account, answering {@code QueryOpenOrders} (newest first). It mirrors
 * the books from their events alone: an order joins on {@code OrderRested}, shrinks on each {@code TradeExecuted}
 * where it is the maker, and leaves on {@code OrderClosed}. It also checks, on the read side, that every fill matches
 * a resting order and that every close removes exactly what was left: a mismatch is a bug and throws.
 * <p>
 * Views are pooled (one per possible order) and linked per account, so events allocate nothing. The digest is a
 * sum of one term per open order, kept incrementally. Its snapshot lists accounts in id order and each account's
 * orders oldest first, so a load rebuilds the same newest-first lists.
 */
public final class OpenOrdersProjection implements Projection, TradingEventHandler
{
    private static final float LOAD_FACTOR = 0.5f;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int ORDER_LENGTH = 4 * Long.BYTES + Integer.BYTES + 1;
    private static final long NONE = -1;

    // both indexes map to an OpenOrder's pool index, not to the OpenOrder: storing references into these large tables
    // cost a G1 card-marking barrier per put and removal, and refinement work on other threads (docs/perf.md, replay)
    private final Long2LongHashMap ordersById;
    private final Long2LongHashMap newestByAccount;
    private final OpenOrder[] byIndex;
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
        ordersById = new Long2LongHashMap(2 * ordersMax + 2, LOAD_FACTOR, NONE);
        newestByAccount = new Long2LongHashMap(2 * ordersMax + 2, LOAD_FACTOR, NONE);
        byIndex = new OpenOrder[ordersMax];
        freeOrders = new OpenOrder[ordersMax];
        for (int i = 0; i < ordersMax; i++)
        {
            byIndex[i] = new OpenOrder(i);
            freeOrders[i] = byIndex[i];
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
        final OpenOrder newest = orderAt(newestByAccount.get(accountId));
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

    /**
     * Writes the order count, then per account in id order its orders oldest first.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        final long[] accountIds = new long[newestByAccount.size()];
        int accounts = 0;
        for (final Long2LongHashMap.KeyIterator keys = newestByAccount.keySet().iterator(); keys.hasNext(); )
        {
            accountIds[accounts++] = keys.nextValue();
        }
        Arrays.sort(accountIds);
        buffer.putInt(offset, ordersById.size(), ORDER);
        int position = offset + Integer.BYTES;
        for (final long accountId : accountIds)
        {
            OpenOrder oldest = orderAt(newestByAccount.get(accountId));
            while (oldest.older != null)
            {
                oldest = oldest.older;
            }
            for (OpenOrder order = oldest; order != null; order = order.newer)
            {
                buffer.putLong(position, order.orderId, ORDER);
                buffer.putLong(position + Long.BYTES, order.accountId, ORDER);
                buffer.putInt(position + 2 * Long.BYTES, order.instrumentId, ORDER);
                buffer.putLong(position + 2 * Long.BYTES + Integer.BYTES, order.priceTicks, ORDER);
                buffer.putLong(position + 3 * Long.BYTES + Integer.BYTES, order.remainingLots, ORDER);
                buffer.putByte(position + 4 * Long.BYTES + Integer.BYTES, (byte)order.side.value());
                position += ORDER_LENGTH;
            }
        }
        return position - offset;
    }

    /**
     * Returns every open order to the pool, then rests the snapshot's orders again in the order written, which
     * rebuilds each account's list and the digest.
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        final int count = buffer.getInt(offset, ORDER);
        if (count < 0 || count > freeOrders.length || length != Integer.BYTES + count * ORDER_LENGTH)
        {
            throw new IllegalStateException("open orders snapshot of " + length + " bytes for " + count + " orders");
        }
        freeCount = 0;
        for (final OpenOrder order : byIndex)
        {
            order.older = null;
            order.newer = null;
            freeOrders[freeCount++] = order;
        }
        ordersById.clear();
        newestByAccount.clear();
        digest = 0;
        int position = offset + Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            final OpenOrder order = freeOrders[--freeCount];
            freeOrders[freeCount] = null;
            order.orderId = buffer.getLong(position, ORDER);
            order.accountId = buffer.getLong(position + Long.BYTES, ORDER);
            order.instrumentId = buffer.getInt(position + 2 * Long.BYTES, ORDER);
            order.priceTicks = buffer.getLong(position + 2 * Long.BYTES + Integer.BYTES, ORDER);
            order.remainingLots = buffer.getLong(position + 3 * Long.BYTES + Integer.BYTES, ORDER);
            order.side = Side.get(buffer.getByte(position + 4 * Long.BYTES + Integer.BYTES));
            ordersById.put(order.orderId, order.index);
            link(order);
            digest += order.initTerm();
            position += ORDER_LENGTH;
        }
    }

    @Override
    public void onOrderRested(final OrderRestedDecoder event)
    {
        if (freeCount == 0)
        {
            throw new IllegalStateException("order " + event.orderId() + " rested beyond ordersMax");
        }
        final OpenOrder order = freeOrders[freeCount - 1];
        order.orderId = event.orderId();
        final long previous = ordersById.put(order.orderId, order.index); // one probe, where containsKey then put made two
        if (previous != NONE)
        {
            ordersById.put(order.orderId, previous);
            throw new IllegalStateException("order " + event.orderId() + " rested twice");
        }
        freeOrders[--freeCount] = null;
        order.accountId = event.accountId();
        order.instrumentId = event.instrumentId();
        order.side = event.side();
        order.priceTicks = event.priceTicks();
        order.remainingLots = event.remainingLots();
        link(order);
        digest += order.initTerm();
    }

    @Override
    public void onTradeExecuted(final TradeExecutedDecoder event)
    {
        final OpenOrder maker = orderAt(ordersById.get(event.makerOrderId()));
        if (maker == null || maker.accountId != event.makerAccountId() || maker.priceTicks != event.priceTicks() ||
            maker.side == event.takerSide() || maker.remainingLots < event.quantityLots())
        {
            throw new IllegalStateException("trade " + event.tradeId() + " does not match resting order " + event.makerOrderId());
        }
        digest -= maker.term;
        maker.remainingLots -= event.quantityLots();
        digest += maker.updateTerm();
    }

    @Override
    public void onOrderClosed(final OrderClosedDecoder event)
    {
        if (event.wasResting() == 0)
        {
            return;
        }
        final OpenOrder order = orderAt(ordersById.remove(event.orderId()));
        if (order == null || order.remainingLots != event.remainingLots())
        {
            throw new IllegalStateException("closed order " + event.orderId() + " was not resting with " + event.remainingLots());
        }
        digest -= order.term;
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
        final OpenOrder order = orderAt(ordersById.get(orderId));
        return order == null ? 0 : order.remainingLots;
    }

    private OpenOrder orderAt(final long index)
    {
        return index == NONE ? null : byIndex[(int)index];
    }

    private void link(final OpenOrder order)
    {
        final OpenOrder newest = orderAt(newestByAccount.put(order.accountId, order.index));
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
                newestByAccount.put(order.accountId, order.older.index);
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
        final int index;
        long orderId;
        long accountId;
        int instrumentId;
        Side side;
        long priceTicks;
        long remainingLots;
        OpenOrder older;
        OpenOrder newer;
        /** The digest of the fields a fill does not change, cached when the order rests. */
        long identity;
        /** The order's digest term: {@link #identity} chained with the remaining lots. */
        long term;

        OpenOrder(final int index)
        {
            this.index = index;
        }

        long initTerm()
        {
            identity = Digests.ofItem(orderId, accountId, 4L * instrumentId + side.value(), priceTicks);
            return updateTerm();
        }

        long updateTerm()
        {
            term = Digests.chain(identity, remainingLots);
            return term;
        }
    }
}
