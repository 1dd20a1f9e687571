package io.anthill.example.trading;

import io.anthill.example.trading.codecs.Side;

/**
 * The resting orders of one instrument: bids and asks, each in price-time priority. Matching is not here (see
 * {@link MatchingEngine}); the book only keeps orders in priority order.
 */
final class OrderBook
{
    private final int instrumentId;
    private final int assetSlot;
    private final BookSide bids;
    private final BookSide asks;

    OrderBook(final int instrumentId, final int assetSlot, final int priceLevelsMax)
    {
        this.instrumentId = instrumentId;
        this.assetSlot = assetSlot;
        bids = new BookSide(Side.BUY, priceLevelsMax);
        asks = new BookSide(Side.SELL, priceLevelsMax);
    }

    int instrumentId()
    {
        return instrumentId;
    }

    /**
     * @return the asset slot of this instrument's asset in every account.
     */
    int assetSlot()
    {
        return assetSlot;
    }

    BookSide bids()
    {
        return bids;
    }

    BookSide asks()
    {
        return asks;
    }

    BookSide sideOf(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    /**
     * @return the side an order of this side trades against.
     */
    BookSide oppositeOf(final Side side)
    {
        return side == Side.BUY ? asks : bids;
    }

    void rest(final Order order)
    {
        sideOf(order.side).levelFor(order.priceTicks).append(order);
    }

    void remove(final Order order)
    {
        final PriceLevel level = order.level;
        level.remove(order);
        sideOf(order.side).removeIfEmpty(level);
    }

    /**
     * @return true if the best bid reaches the best ask; never true between commands.
     */
    boolean isCrossed()
    {
        final PriceLevel bestBid = bids.best();
        final PriceLevel bestAsk = asks.best();
        return bestBid != null && bestAsk != null && bestBid.priceTicks >= bestAsk.priceTicks;
    }
}
