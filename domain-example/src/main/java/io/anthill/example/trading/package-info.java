/**
 * A small exchange embedded on the Anthill engine: accounts, price-time priority matching, risk reservations,
 * durable GTD expiry and read models. It is the example users copy.
 * <p>
 * Reading order: {@link io.anthill.example.trading.ExchangeStateMachine} (the engine adapter: decode, dispatch,
 * respond), {@code Exchange} (the business as method calls), {@code MatchingEngine}, {@code Accounts} and
 * {@code RiskChecks}; then the read models ({@link io.anthill.example.trading.BalancesProjection},
 * {@link io.anthill.example.trading.OpenOrdersProjection}, {@link io.anthill.example.trading.BookDepthProjection},
 * {@link io.anthill.example.trading.TradeTapeProjection}); then {@link io.anthill.example.trading.TradingService},
 * which embeds it all on real partitions. {@code docs/trading-example.md} explains the decisions.
 */
package io.anthill.example.trading;
