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
    private OrderStatus status = OrderStatus.REJECTED;
    private long filledLots;
    private long remainingLots;

    OrderOutcome reset(final long clientOrderId)
    {
        this.orderId = 0;
        this.clientOrderId = clientOrderId;
        this.status = OrderStatus.REJECTED;
        this.filledLots = 0;
        this.remainingLots = 0;
        return this;
    }

    void set(final long orderId, final OrderStatus status, final long filledLots, final long remainingLots)
    {
        this.orderId = orderId;
        this.status = status;
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
        return status;
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
