package io.anthill.example.trading;

import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;

/**
 * A pooled order: the taker while a command matches it, then a node of its price level's FIFO queue while it rests.
 * Fields are package-private and mutable on purpose: it is an intrusive list node owned by one thread, reused
 * through {@link OrderPool} so that matching allocates nothing.
 * <p>
 * {@code reservedAmount} is what this order still holds of its owner's balance: cash for a buy (limit x remaining for
 * a limit order, what is left of the cash limit for a market order), the asset for a sell (the remaining lots).
 */
final class Order
{
    /** Where the pool keeps this order: what the resting index maps an order id to. */
    final int poolIndex;
    long orderId;
    long clientOrderId;
    Account account;
    int instrumentId;
    int assetSlot;
    Side side;
    TimeInForce timeInForce;
    boolean isMarket;
    long priceTicks;
    long remainingLots;
    long reservedAmount;
    long expireAtNs;

    PriceLevel level;
    Order previous;
    Order next;

    Order(final int poolIndex)
    {
        this.poolIndex = poolIndex;
    }

    /**
     * @return the asset slot this order's reservation is held in: cash for a buy, the instrument's asset for a sell.
     */
    int reservedSlot()
    {
        return side == Side.BUY ? OwnedInstruments.CASH_SLOT : assetSlot;
    }

    /**
     * How much of the reservation a fill consumes. A limit buy reserved its own limit per lot, so it releases that
     * even when it fills cheaper (the difference returns to available cash); a market buy spends exactly the fill.
     */
    long reservationConsumedBy(final long fillPriceTicks, final long lots)
    {
        if (side == Side.SELL)
        {
            return lots;
        }
        return (isMarket ? fillPriceTicks : priceTicks) * lots;
    }

    /**
     * @return true if this order may trade against a resting order at that price.
     */
    boolean crosses(final long restingPriceTicks)
    {
        if (isMarket)
        {
            return true;
        }
        return side == Side.BUY ? restingPriceTicks <= priceTicks : restingPriceTicks >= priceTicks;
    }

    boolean mayRest()
    {
        return !isMarket && timeInForce != TimeInForce.IOC;
    }

    void clear()
    {
        account = null;
        side = null;
        timeInForce = null;
        level = null;
        previous = null;
        next = null;
        orderId = 0;
        remainingLots = 0;
        reservedAmount = 0;
    }
}
