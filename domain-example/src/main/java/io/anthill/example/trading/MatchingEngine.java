package io.anthill.example.trading;

import io.anthill.example.trading.codecs.CloseReason;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;

/**
 * Price-time priority matching of one taker against one book, and the removal of resting orders. A taker trades
 * with the best opposite level, oldest order first, at the resting order's price, while its price crosses.
 * <p>
 * Self-trade prevention is "cancel resting": when a taker reaches a resting order of its own account, that resting
 * order is cancelled ({@link CloseReason#SELF_TRADE_PREVENTED}) and matching goes on. The taker keeps its intent,
 * the account never trades with itself, and the book stays uncrossed. A cancelled resting order counts towards
 * {@link TradingLimits#MATCHES_PER_ORDER_MAX}, as it emits events too.
 */
final class MatchingEngine
{
    private final Accounts accounts;
    private final OrderBooks books;
    private final TradingEventPublisher events;
    private final ExpiryAlarms expiries;
    private long nextTradeId = 1;
    private CloseReason remainderReason = CloseReason.UNFILLED_REMAINDER;

    MatchingEngine(
        final Accounts accounts, final OrderBooks books, final TradingEventPublisher events, final ExpiryAlarms expiries)
    {
        this.accounts = accounts;
        this.books = books;
        this.events = events;
        this.expiries = expiries;
    }

    /**
     * Trades the taker against the opposite side until it is filled, its price no longer crosses, the side is empty,
     * it met {@link TradingLimits#MATCHES_PER_ORDER_MAX} resting orders, or (market buy) its cash limit cannot pay
     * for one more lot. {@link #remainderReason()} then says why lots are left, if any are.
     *
     * @return the lots the taker filled.
     */
    long match(final OrderBook book, final Order taker, final long nowNs)
    {
        final BookSide opposite = book.oppositeOf(taker.side);
        final long quantityLots = taker.remainingLots;
        remainderReason = CloseReason.UNFILLED_REMAINDER;

        int matches = 0;
        PriceLevel level;
        while (taker.remainingLots > 0 && (level = opposite.best()) != null && taker.crosses(level.priceTicks))
        {
            if (matches == TradingLimits.MATCHES_PER_ORDER_MAX)
            {
                // bounds the events of one command; the remainder still crosses, so it must not rest
                remainderReason = CloseReason.MATCH_LIMIT_REACHED;
                break;
            }
            matches++;

            final Order maker = level.head;
            if (maker.account == taker.account)
            {
                closeResting(book, maker, CloseReason.SELF_TRADE_PREVENTED);
                continue;
            }

            final long lots = affordableLots(taker, level.priceTicks, Math.min(taker.remainingLots, maker.remainingLots));
            if (lots == 0)
            {
                remainderReason = CloseReason.CASH_LIMIT_REACHED;
                break;
            }
            execute(book, level, maker, taker, lots, nowNs);
        }
        return quantityLots - taker.remainingLots;
    }

    /**
     * Why the last {@link #match} left lots unfilled: {@link CloseReason#UNFILLED_REMAINDER} when nothing more
     * crosses (the remainder may rest if its time in force allows), otherwise a limit that stopped it early (the
     * remainder is closed).
     *
     * @return the reason; meaningless if the taker filled.
     */
    CloseReason remainderReason()
    {
        return remainderReason;
    }

    /**
     * Takes a resting order out of the book for good: releases what it still reserves, cancels its expiry alarm,
     * tells the read models, and returns it to the pool.
     */
    void closeResting(final OrderBook book, final Order order, final CloseReason reason)
    {
        books.remove(book, order);
        accounts.release(order.account, order.reservedSlot(), order.reservedAmount);
        order.reservedAmount = 0;
        if (order.timeInForce == TimeInForce.GTD && reason != CloseReason.EXPIRED)
        {
            expiries.cancel(order);
        }
        events.orderClosed(order, reason, true);
        books.release(order);
    }

    long nextTradeId()
    {
        return nextTradeId;
    }

    void restoreNextTradeId(final long nextTradeId)
    {
        this.nextTradeId = nextTradeId;
    }

    private void execute(
        final OrderBook book, final PriceLevel level, final Order maker, final Order taker, final long lots, final long nowNs)
    {
        final long priceTicks = level.priceTicks;
        events.tradeExecuted(nextTradeId++, priceTicks, lots, maker, taker, nowNs);

        final Order buyer = taker.side == Side.BUY ? taker : maker;
        final Order seller = taker.side == Side.BUY ? maker : taker;
        final long buyerConsumed = buyer.reservationConsumedBy(priceTicks, lots);
        accounts.settle(buyer.account, seller.account, book.assetSlot(), priceTicks, lots, buyerConsumed);
        buyer.reservedAmount -= buyerConsumed;
        seller.reservedAmount -= lots;

        level.fill(maker, lots);
        taker.remainingLots -= lots;
        if (maker.remainingLots == 0)
        {
            closeResting(book, maker, CloseReason.FILLED);
        }
    }

    /**
     * A market buy may only take as many lots as what is left of its cash limit pays for at this price.
     */
    private static long affordableLots(final Order taker, final long priceTicks, final long lots)
    {
        if (taker.isMarket && taker.side == Side.BUY)
        {
            return Math.min(lots, taker.reservedAmount / priceTicks);
        }
        return lots;
    }
}
