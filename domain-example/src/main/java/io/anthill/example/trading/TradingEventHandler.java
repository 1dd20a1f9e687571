package io.anthill.example.trading;

import io.anthill.example.trading.codecs.AccountOpenedDecoder;
import io.anthill.example.trading.codecs.BalanceChangedDecoder;
import io.anthill.example.trading.codecs.OrderAcceptedDecoder;
import io.anthill.example.trading.codecs.OrderClosedDecoder;
import io.anthill.example.trading.codecs.OrderRestedDecoder;
import io.anthill.example.trading.codecs.TradeExecutedDecoder;

/**
 * Receives the exchange's events from a {@link TradingEventAdapter}, one method per event, each given the decoder
 * already wrapped (valid only during the call). A read model overrides the events it cares about.
 */
interface TradingEventHandler
{
    default void onAccountOpened(final AccountOpenedDecoder event)
    {
    }

    default void onBalanceChanged(final BalanceChangedDecoder event)
    {
    }

    default void onOrderAccepted(final OrderAcceptedDecoder event)
    {
    }

    default void onOrderRested(final OrderRestedDecoder event)
    {
    }

    default void onTradeExecuted(final TradeExecutedDecoder event)
    {
    }

    default void onOrderClosed(final OrderClosedDecoder event)
    {
    }
}
