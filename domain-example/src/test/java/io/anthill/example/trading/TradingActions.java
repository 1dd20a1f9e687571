package io.anthill.example.trading;

import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of client actions for the property tests: mostly valid orders around a narrow price band so that books
 * cross often, with a share of invalid values (unknown account or instrument, zero quantity or price, expired GTD)
 * so that rejections are compared too.
 */
final class TradingActions
{
    static final int INSTRUMENT_COUNT = 2;
    static final long[] ACCOUNTS = {1, 2, 3, 4};

    private TradingActions()
    {
    }

    static Arbitrary<TradingAction> actions()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(40, limits()),
            Tuple.of(8, markets()),
            Tuple.of(15, cancels()),
            Tuple.of(12, transfers()),
            Tuple.of(8, Arbitraries.longs().between(1, 20).map(steps -> new TradingAction.Tick(steps * TradingPartition.STEP_NS))),
            Tuple.of(2, accounts().map(TradingAction.Open::new)));
    }

    private static Arbitrary<TradingAction> limits()
    {
        return Combinators.combine(
            accounts(),
            instruments(),
            Arbitraries.of(Side.BUY, Side.SELL),
            Arbitraries.of(TimeInForce.GTC, TimeInForce.IOC, TimeInForce.GTD),
            Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.longs().between(95, 105)), Tuple.of(1, Arbitraries.just(0L))),
            quantities(),
            Arbitraries.longs().between(-2 * TradingPartition.STEP_NS, 30 * TradingPartition.STEP_NS))
            .as(TradingAction.Limit::new);
    }

    private static Arbitrary<TradingAction> markets()
    {
        return Combinators.combine(
            accounts(),
            instruments(),
            Arbitraries.of(Side.BUY, Side.SELL),
            quantities(),
            Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(5, Arbitraries.longs().between(1, 3_000))))
            .as(TradingAction.Market::new);
    }

    private static Arbitrary<TradingAction> cancels()
    {
        return Combinators.combine(accounts(), instruments(), Arbitraries.longs().between(1, 120)).as(TradingAction.Cancel::new);
    }

    private static Arbitrary<TradingAction> transfers()
    {
        return Combinators.combine(
            Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))),
            accounts(),
            Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.integers().between(0, INSTRUMENT_COUNT)), Tuple.of(1, Arbitraries.just(-1))),
            Arbitraries.longs().between(-5, 5_000))
            .as(TradingAction.Transfer::new);
    }

    private static Arbitrary<Long> accounts()
    {
        return Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.of(ACCOUNTS[0], ACCOUNTS[1], ACCOUNTS[2], ACCOUNTS[3])),
            Tuple.of(1, Arbitraries.just(99L)));
    }

    private static Arbitrary<Integer> instruments()
    {
        return Arbitraries.frequencyOf(Tuple.of(20, Arbitraries.integers().between(1, INSTRUMENT_COUNT)),
            Tuple.of(1, Arbitraries.of(0, INSTRUMENT_COUNT + 1)));
    }

    private static Arbitrary<Long> quantities()
    {
        return Arbitraries.frequencyOf(Tuple.of(30, Arbitraries.longs().between(1, 20)), Tuple.of(1, Arbitraries.just(0L)));
    }
}
