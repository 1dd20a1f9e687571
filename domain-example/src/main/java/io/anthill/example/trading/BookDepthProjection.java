package io.anthill.example.trading;

import io.anthill.engine.Projection;
import io.anthill.example.trading.codecs.BookDepthReportEncoder;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.OrderClosedDecoder;
import io.anthill.example.trading.codecs.OrderRestedDecoder;
import io.anthill.example.trading.codecs.QueryBookDepthDecoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TradeExecutedDecoder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Read model of the aggregated depth of every book of a partition (quantity and order count per price), answering
 * {@code QueryBookDepth} with the top N levels of each side. It keeps every level, not only N, because when the best
 * level empties the next one must already be known. Market-data reads are the busiest, so they are served here and
 * never by the matching thread.
 * <p>
 * It checks on the read side that a book is never crossed once an order rests. The digest is a sum of one term per
 * level (the price is in the term, so the sum loses no ordering), kept incrementally.
 */
public final class BookDepthProjection implements Projection, TradingEventHandler
{
    private final OwnedInstruments instruments;
    private final DepthLevels[] bidsBySlot;
    private final DepthLevels[] asksBySlot;
    private final TradingEventAdapter adapter = new TradingEventAdapter(this, OrderRestedDecoder.TEMPLATE_ID,
        TradeExecutedDecoder.TEMPLATE_ID, OrderClosedDecoder.TEMPLATE_ID);
    private final MessageHeaderDecoder queryHeader = new MessageHeaderDecoder();
    private final QueryBookDepthDecoder query = new QueryBookDepthDecoder();
    private final MessageHeaderEncoder reportHeader = new MessageHeaderEncoder();
    private final BookDepthReportEncoder report = new BookDepthReportEncoder();
    private long digest;

    /**
     * @param context the settings of the partition whose events this read model consumes.
     */
    public BookDepthProjection(final ExchangeContext context)
    {
        final ExchangeContext concluded = context.isConcluded() ? context : context.conclude();
        instruments = new OwnedInstruments(concluded);
        bidsBySlot = new DepthLevels[instruments.slotCount()];
        asksBySlot = new DepthLevels[instruments.slotCount()];
        for (int slot = 1; slot < instruments.slotCount(); slot++)
        {
            bidsBySlot[slot] = new DepthLevels(instruments.assetIdOf(slot), Side.BUY, concluded.priceLevelsMax());
            asksBySlot[slot] = new DepthLevels(instruments.assetIdOf(slot), Side.SELL, concluded.priceLevelsMax());
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return "trading-book-depth";
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
     * Answers {@code QueryBookDepth} with a {@code BookDepthReport}: up to the asked number of levels per side (at most
     * {@link TradingLimits#DEPTH_LEVELS_MAX}), best first; empty sides for an instrument of another partition.
     */
    @Override
    public int onQuery(
        final DirectBuffer buffer, final int offset, final int length, final MutableDirectBuffer response, final int responseOffset)
    {
        if (!Queries.isQuery(queryHeader, buffer, offset, length, QueryBookDepthDecoder.TEMPLATE_ID, QueryBookDepthDecoder.BLOCK_LENGTH))
        {
            return Queries.NOT_A_QUERY;
        }
        query.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, queryHeader.blockLength(), queryHeader.version());
        final int instrumentId = query.instrumentId();
        final int levels = Math.max(0, Math.min(query.levels(), TradingLimits.DEPTH_LEVELS_MAX));
        final int slot = instrumentId > 0 ? instruments.slotOf(instrumentId) : OwnedInstruments.NOT_OWNED;
        report.wrapAndApplyHeader(response, responseOffset, reportHeader).instrumentId(instrumentId);

        final DepthLevels bids = slot == OwnedInstruments.NOT_OWNED ? null : bidsBySlot[slot];
        final int bidCount = bids == null ? 0 : Math.min(levels, bids.levelCount());
        final BookDepthReportEncoder.BidsEncoder bidsEncoder = report.bidsCount(bidCount);
        for (int depth = 0; depth < bidCount; depth++)
        {
            bidsEncoder.next().priceTicks(bids.priceTicks(depth)).quantityLots(bids.quantityLots(depth)).orderCount(bids.orderCount(depth));
        }
        final DepthLevels asks = slot == OwnedInstruments.NOT_OWNED ? null : asksBySlot[slot];
        final int askCount = asks == null ? 0 : Math.min(levels, asks.levelCount());
        final BookDepthReportEncoder.AsksEncoder asksEncoder = report.asksCount(askCount);
        for (int depth = 0; depth < askCount; depth++)
        {
            asksEncoder.next().priceTicks(asks.priceTicks(depth)).quantityLots(asks.quantityLots(depth)).orderCount(asks.orderCount(depth));
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
     * Writes every owned book's bids then asks, in slot order.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        for (int slot = 1; slot < instruments.slotCount(); slot++)
        {
            position += bidsBySlot[slot].writeSnapshot(buffer, position);
            position += asksBySlot[slot].writeSnapshot(buffer, position);
        }
        return position - offset;
    }

    /**
     * Replaces every book's levels with the snapshot's and recomputes the digest from them.
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        int position = offset;
        long loaded = 0;
        for (int slot = 1; slot < instruments.slotCount(); slot++)
        {
            position += bidsBySlot[slot].loadSnapshot(buffer, position);
            position += asksBySlot[slot].loadSnapshot(buffer, position);
            loaded += bidsBySlot[slot].digest() + asksBySlot[slot].digest();
        }
        if (position != offset + length)
        {
            throw new IllegalStateException("book depth snapshot of " + length + " bytes held " + (position - offset));
        }
        digest = loaded;
    }

    @Override
    public void onOrderRested(final OrderRestedDecoder event)
    {
        final int slot = slotOf(event.instrumentId());
        digest -= sideOf(slot, event.side()).change(event.priceTicks(), event.remainingLots(), 1);
        final DepthLevels bids = bidsBySlot[slot];
        final DepthLevels asks = asksBySlot[slot];
        if (bids.levelCount() > 0 && asks.levelCount() > 0 && bids.priceTicks(0) >= asks.priceTicks(0))
        {
            throw new IllegalStateException("book " + event.instrumentId() + " crossed: bid " + bids.priceTicks(0) +
                " >= ask " + asks.priceTicks(0) + " after order " + event.orderId() + " rested");
        }
    }

    @Override
    public void onTradeExecuted(final TradeExecutedDecoder event)
    {
        final Side makerSide = event.takerSide() == Side.BUY ? Side.SELL : Side.BUY;
        final int slot = slotOf(event.instrumentId());
        digest -= sideOf(slot, makerSide).change(event.priceTicks(), -event.quantityLots(), 0);
    }

    @Override
    public void onOrderClosed(final OrderClosedDecoder event)
    {
        if (event.wasResting() == 1)
        {
            final int slot = slotOf(event.instrumentId());
            digest -= sideOf(slot, event.side()).change(event.priceTicks(), -event.remainingLots(), -1);
        }
    }

    /**
     * @return the side of a book, for tests.
     */
    DepthLevels levels(final int instrumentId, final Side side)
    {
        return sideOf(slotOf(instrumentId), side);
    }

    private DepthLevels sideOf(final int slot, final Side side)
    {
        return side == Side.BUY ? bidsBySlot[slot] : asksBySlot[slot];
    }

    private int slotOf(final int instrumentId)
    {
        final int slot = instrumentId > 0 ? instruments.slotOf(instrumentId) : OwnedInstruments.NOT_OWNED;
        if (slot == OwnedInstruments.NOT_OWNED)
        {
            throw new IllegalStateException("event for instrument " + instrumentId + " of another partition");
        }
        return slot;
    }
}
