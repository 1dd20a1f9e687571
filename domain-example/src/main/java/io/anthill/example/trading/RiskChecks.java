package io.anthill.example.trading;

import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;

/**
 * Pre-trade checks of an order's own fields and what it must reserve before it may match. Checks that need the
 * account (enough available cash or asset) happen when {@link Accounts#reserve} is called with
 * {@link #reservationOf}; together they guarantee no overdraft and no overselling, because a fill only ever
 * consumes a reservation.
 */
final class RiskChecks
{
    private RiskChecks()
    {
    }

    static ResultCode checkLimitOrder(
        final TimeInForce timeInForce,
        final long priceTicks,
        final long quantityLots,
        final long expireAtNs,
        final long nowNs)
    {
        if (priceTicks < 1 || priceTicks > TradingLimits.PRICE_TICKS_MAX)
        {
            return ResultCode.PRICE_OUT_OF_BAND;
        }
        if (!isValidQuantity(quantityLots))
        {
            return ResultCode.INVALID_QUANTITY;
        }
        if (timeInForce != TimeInForce.GTD)
        {
            return expireAtNs == 0 ? ResultCode.OK : ResultCode.INVALID_EXPIRY;
        }
        if (expireAtNs <= nowNs)
        {
            return ResultCode.EXPIRED_ON_ARRIVAL;
        }
        return expireAtNs - nowNs <= TradingLimits.GTD_HORIZON_MAX_NS ? ResultCode.OK : ResultCode.INVALID_EXPIRY;
    }

    /**
     * A market buy must name the most cash it may spend: without it, a thin book could take all of the account's
     * cash at absurd prices. A market sell is bounded by its quantity and takes no cash limit.
     */
    static ResultCode checkMarketOrder(final Side side, final long quantityLots, final long cashLimit)
    {
        if (!isValidQuantity(quantityLots))
        {
            return ResultCode.INVALID_QUANTITY;
        }
        if (side == Side.BUY)
        {
            return cashLimit >= 1 && cashLimit <= TradingLimits.ASSET_SUPPLY_MAX ? ResultCode.OK : ResultCode.INVALID_CASH_LIMIT;
        }
        return cashLimit == 0 ? ResultCode.OK : ResultCode.INVALID_CASH_LIMIT;
    }

    /**
     * What an order holds while it lives: a limit buy its limit times its quantity, a market buy its cash limit,
     * any sell its quantity of the asset. Cannot overflow: both factors are within their limits.
     */
    static long reservationOf(final Order order, final long cashLimit)
    {
        if (order.side == Side.SELL)
        {
            return order.remainingLots;
        }
        return order.isMarket ? cashLimit : order.priceTicks * order.remainingLots;
    }

    static ResultCode insufficientFor(final Side side)
    {
        return side == Side.BUY ? ResultCode.INSUFFICIENT_CASH : ResultCode.INSUFFICIENT_ASSET;
    }

    private static boolean isValidQuantity(final long quantityLots)
    {
        return quantityLots >= 1 && quantityLots <= TradingLimits.QUANTITY_LOTS_MAX;
    }
}
