package io.anthill.example.trading;

import io.anthill.example.trading.codecs.OrderStatus;

/**
 * What an order command did, filled in by {@link Exchange} and encoded by {@link TradingResponsePublisher}. One
 * reused instance, so the order path returns a result code and allocates nothing.
 */
final class OrderOutcome
{
    private long orderId;
    private long clientOrderId;
    private static final OrderStatus[] STATUSES = OrderStatus.values();

    // the status as its ordinal, not an enum reference: a reference store into this long-lived object costs a G1
    // card-marking barrier with a StoreLoad fence, twice per order command (reset, then set)
    private int status = OrderStatus.REJECTED.ordinal();
    private long filledLots;
    private long remainingLots;

    OrderOutcome reset(final long clientOrderId)
    {
        this.orderId = 0;
        this.clientOrderId = clientOrderId;
        this.status = OrderStatus.REJECTED.ordinal();
        this.filledLots = 0;
        this.remainingLots = 0;
        return this;
    }

    void set(final long orderId, final OrderStatus status, final long filledLots, final long remainingLots)
    {
        this.orderId = orderId;
        this.status = status.ordinal();
        this.filledLots = filledLots;
        this.remainingLots = remainingLots;
    }

    void clientOrderId(final long clientOrderId)
    {
        this.clientOrderId = clientOrderId;
    }

    long orderId()
    {
        return orderId;
    }

    long clientOrderId()
    {
        return clientOrderId;
    }

    OrderStatus status()
    {
        return STATUSES[status];
    }

    long filledLots()
    {
        return filledLots;
    }

    long remainingLots()
    {
        return remainingLots;
    }
}
