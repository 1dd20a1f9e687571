package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;

/**
 * One generated client action of the property tests, applied to the real exchange and, when given, to the
 * reference model, asserting that both answer the same.
 */
sealed interface TradingAction
{
    /**
     * Applies the action to the real exchange and, if the model is not null, to the model, comparing the replies.
     */
    void apply(TradingPartition real, ReferenceExchange model);

    /**
     * Opens an account.
     */
    record Open(long accountId) implements TradingAction
    {
        @Override
        public void apply(final TradingPartition real, final ReferenceExchange model)
        {
            final TradingPartition.AccountReply reply = real.openAccount(accountId);
            if (model != null)
            {
                assertEquals(model.openAccount(accountId), reply, toString());
            }
        }
    }

    /**
     * Deposits (or, with {@code deposit} false, withdraws) an amount of an asset.
     */
    record Transfer(boolean deposit, long accountId, int assetId, long amount) implements TradingAction
    {
        @Override
        public void apply(final TradingPartition real, final ReferenceExchange model)
        {
            final TradingPartition.AccountReply reply = deposit ?
                real.deposit(accountId, assetId, amount) : real.withdraw(accountId, assetId, amount);
            if (model != null)
            {
                assertEquals(deposit ? model.deposit(accountId, assetId, amount) : model.withdraw(accountId, assetId, amount),
                    reply, toString());
            }
        }
    }

    /**
     * Places a limit order; a GTD order expires {@code expireAfterNs} after the current time (maybe already).
     */
    record Limit(long accountId, int instrumentId, Side side, TimeInForce timeInForce, long priceTicks, long quantityLots,
        long expireAfterNs) implements TradingAction
    {
        @Override
        public void apply(final TradingPartition real, final ReferenceExchange model)
        {
            final long expireAtNs = timeInForce == TimeInForce.GTD ? real.nowNs() + expireAfterNs : 0;
            final TradingPartition.OrderReply reply = real.orderReply(real.submit(real.commands.limitOrder(
                accountId, 0, instrumentId, side, timeInForce, priceTicks, quantityLots, expireAtNs)));
            if (model != null)
            {
                assertEquals(model.limit(accountId, instrumentId, side, timeInForce, priceTicks, quantityLots, expireAtNs,
                    real.nowNs()), reply, toString());
            }
        }
    }

    /**
     * Places a market order; a sell never names a cash limit.
     */
    record Market(long accountId, int instrumentId, Side side, long quantityLots, long cashLimit) implements TradingAction
    {
        @Override
        public void apply(final TradingPartition real, final ReferenceExchange model)
        {
            final long limit = side == Side.BUY ? cashLimit : 0;
            final TradingPartition.OrderReply reply = real.market(accountId, instrumentId, side, quantityLots, limit);
            if (model != null)
            {
                assertEquals(model.market(accountId, instrumentId, side, quantityLots, limit), reply, toString());
            }
        }
    }

    /**
     * Cancels an order by id, which may not exist, be closed, or belong to someone else.
     */
    record Cancel(long accountId, int instrumentId, long orderId) implements TradingAction
    {
        @Override
        public void apply(final TradingPartition real, final ReferenceExchange model)
        {
            final TradingPartition.OrderReply reply = real.cancel(accountId, instrumentId, orderId);
            if (model != null)
            {
                assertEquals(model.cancel(accountId, instrumentId, orderId), reply, toString());
            }
        }
    }

    /**
     * Moves time on and fires the due alarms.
     */
    record Tick(long advanceNs) implements TradingAction
    {
        @Override
        public void apply(final TradingPartition real, final ReferenceExchange model)
        {
            real.tick(real.nowNs() + advanceNs);
            if (model != null)
            {
                model.tick(real.nowNs());
            }
        }
    }
}
