package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anthill.engine.PartitionConfiguration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random client sessions against the real exchange (through the engine's deterministic core) and against
 * {@link ReferenceExchange}, a deliberately naive model of the same rules: every reply must be equal, every
 * invariant must hold after every command, and the read models must agree with the state throughout. Seeds are
 * pinned, so a run is reproducible; edge cases are off because jqwik's (one-action sessions of extreme values) would
 * use up the tries that random sessions need, and the extremes are covered by the example tests.
 */
class MatchingPropertyTest
{
    private static final long CASH_PER_ACCOUNT = 50_000;
    private static final long ASSET_PER_ACCOUNT = 500;

    @Property(tries = 250, seed = "20261125", edgeCases = EdgeCasesMode.NONE)
    void shouldAnswerEveryCommandAsTheReferenceModelDoes(@ForAll("sessions") final List<TradingAction> actions)
    {
        final TradingPartition real = TradingPartition.single(TradingActions.INSTRUMENT_COUNT);
        final ReferenceExchange model = new ReferenceExchange(
            TradingActions.INSTRUMENT_COUNT, PartitionConfiguration.ALARM_CATCH_UP_LIMIT_DEFAULT);
        fund(real, model);

        for (final TradingAction action : actions)
        {
            action.apply(real, model);
            real.validate();
        }

        for (final long accountId : model.accountIds())
        {
            for (int assetId = 0; assetId <= TradingActions.INSTRUMENT_COUNT; assetId++)
            {
                assertEquals(model.balance(accountId, assetId), real.balances.balance(accountId, assetId));
                assertEquals(model.reserved(accountId, assetId), real.balances.reserved(accountId, assetId));
            }
        }
        final Map<Long, Long> realResting = new HashMap<>();
        model.restingLots().keySet().forEach(orderId -> realResting.put(orderId, real.openOrders.remainingLots(orderId)));
        assertEquals(model.restingLots(), realResting);
        assertEquals(model.restingLots().size(), real.openOrders.size());
    }

    @Property(tries = 60, seed = "1125", edgeCases = EdgeCasesMode.NONE)
    void shouldContinueIdenticallyFromASnapshotTakenMidway(@ForAll("sessions") final List<TradingAction> actions)
    {
        final TradingPartition live = TradingPartition.single(TradingActions.INSTRUMENT_COUNT);
        fund(live, null);
        final int half = actions.size() / 2;
        actions.subList(0, half).forEach(action -> action.apply(live, null));

        final TradingPartition restored = new TradingPartition(TradingPartition.singleContext(TradingActions.INSTRUMENT_COUNT), false);
        restored.harness.restore(live.harness.snapshot(), live.harness.appliedOp(), ExchangeStateMachine.SNAPSHOT_FORMAT_VERSION);
        restored.resumeAfter(live);
        assertEquals(live.harness.digest(), restored.harness.digest());
        assertArrayEquals(live.harness.snapshot(), restored.harness.snapshot(), "snapshots are canonical");
        restored.stateMachine.validateInternalState();

        for (final TradingAction action : actions.subList(half, actions.size()))
        {
            action.apply(live, null);
            action.apply(restored, null);
            assertEquals(live.lastOutcome(), restored.lastOutcome(), action.toString());
        }
        assertEquals(live.harness.digest(), restored.harness.digest());
        restored.stateMachine.validateInternalState();
    }

    @Provide
    Arbitrary<List<TradingAction>> sessions()
    {
        return TradingActions.actions().list().ofMinSize(1).ofMaxSize(300);
    }

    private static void fund(final TradingPartition real, final ReferenceExchange model)
    {
        for (final long accountId : TradingActions.ACCOUNTS)
        {
            new TradingAction.Open(accountId).apply(real, model);
            new TradingAction.Transfer(true, accountId, TradingLimits.CASH_ASSET_ID, CASH_PER_ACCOUNT).apply(real, model);
            for (int instrumentId = 1; instrumentId <= TradingActions.INSTRUMENT_COUNT; instrumentId++)
            {
                new TradingAction.Transfer(true, accountId, instrumentId, ASSET_PER_ACCOUNT).apply(real, model);
            }
        }
    }
}
