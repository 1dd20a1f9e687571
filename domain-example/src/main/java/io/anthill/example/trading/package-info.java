/**
 * A small exchange embedded on the Anthill engine: accounts, price-time priority matching, risk reservations,
 * durable GTD expiry and read models. It is the example users copy; start at {@link ExchangeStateMachine}.
 */
package io.anthill.example.trading;
