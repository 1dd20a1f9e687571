package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anthill.engine.Projection;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Each trading read model round-trips through its snapshot: the loaded copy has the same digest, writes the same
 * bytes, answers every query the same, and goes on like the original when more events arrive.
 */
class ReadModelSnapshotTest
{
    private static final int INSTRUMENT_COUNT = 4;
    private static final int ACCOUNT_COUNT = 20;
    private static final int COMMANDS_BEFORE = 3_000;
    private static final int COMMANDS_AFTER = 1_500;

    @Test
    void shouldRoundTripEveryReadModelAndContinueLikeTheOriginal()
    {
        final TradingPartition live = TradingPartition.single(INSTRUMENT_COUNT);
        final RandomTradingWorkload before = new RandomTradingWorkload(new TradingPartition[]{live}, INSTRUMENT_COUNT,
            ACCOUNT_COUNT, 42);
        before.openAndFundAccounts();
        for (int i = 0; i < COMMANDS_BEFORE; i++)
        {
            before.next();
        }
        live.validate();
        assertTrue(live.openOrders.size() > 0 && live.tape.tradeCount() > TradingLimits.TRADE_TAPE_CAPACITY,
            "the workload left resting orders and wrapped the tape");

        final TradingPartition restored = new TradingPartition(TradingPartition.singleContext(INSTRUMENT_COUNT), true);
        restored.harness.restore(live.harness.snapshot(), live.harness.appliedOp(),
            ExchangeStateMachine.SNAPSHOT_FORMAT_VERSION);
        restored.resumeAfter(live);
        final Projection[] originals = readModels(live);
        final Projection[] copies = readModels(restored);
        for (int i = 0; i < originals.length; i++)
        {
            final byte[] snapshot = snapshotOf(originals[i]);
            copies[i].loadSnapshot(new UnsafeBuffer(snapshot), 0, snapshot.length);
            assertEquals(originals[i].digest(), copies[i].digest(), originals[i].name());
            assertArrayEquals(snapshot, snapshotOf(copies[i]), originals[i].name() + " writes what it loaded");
        }
        assertSameAnswers(live, restored);
        restored.validate();

        final RandomTradingWorkload liveAfter = new RandomTradingWorkload(new TradingPartition[]{live}, INSTRUMENT_COUNT,
            ACCOUNT_COUNT, 7);
        final RandomTradingWorkload restoredAfter = new RandomTradingWorkload(new TradingPartition[]{restored},
            INSTRUMENT_COUNT, ACCOUNT_COUNT, 7);
        for (int i = 0; i < COMMANDS_AFTER; i++)
        {
            liveAfter.next();
            restoredAfter.next();
        }
        restored.validate();
        for (int i = 0; i < originals.length; i++)
        {
            assertEquals(originals[i].digest(), copies[i].digest(), originals[i].name() + " after more events");
        }
        assertSameAnswers(live, restored);
    }

    private static Projection[] readModels(final TradingPartition partition)
    {
        return new Projection[]{partition.balances, partition.openOrders, partition.depth, partition.tape};
    }

    private static byte[] snapshotOf(final Projection projection)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = projection.writeSnapshot(buffer, 16);
        assertTrue(length >= 0, projection.name() + " snapshots");
        final byte[] bytes = new byte[length];
        buffer.getBytes(16, bytes);
        return bytes;
    }

    private static void assertSameAnswers(final TradingPartition live, final TradingPartition restored)
    {
        for (long accountId = 1; accountId <= ACCOUNT_COUNT; accountId++)
        {
            assertSameAnswer(live, live.balances, restored.balances, live.commands.queryBalances(accountId));
            assertSameAnswer(live, live.openOrders, restored.openOrders, live.commands.queryOpenOrders(accountId));
        }
        for (int instrumentId = 0; instrumentId <= INSTRUMENT_COUNT; instrumentId++)
        {
            assertSameAnswer(live, live.depth, restored.depth,
                live.commands.queryBookDepth(instrumentId, TradingLimits.DEPTH_LEVELS_MAX));
            assertSameAnswer(live, live.tape, restored.tape,
                live.commands.queryRecentTrades(instrumentId, TradingLimits.TRADE_TAPE_CAPACITY));
        }
    }

    private static void assertSameAnswer(
        final TradingPartition live, final Projection original, final Projection copy, final int queryLength)
    {
        final ExpandableArrayBuffer expected = new ExpandableArrayBuffer(256);
        final ExpandableArrayBuffer actual = new ExpandableArrayBuffer(256);
        final int expectedLength = original.onQuery(live.commands.buffer(), 0, queryLength, expected, 0);
        final int actualLength = copy.onQuery(live.commands.buffer(), 0, queryLength, actual, 0);
        assertEquals(expectedLength, actualLength, original.name());
        final byte[] expectedBytes = new byte[Math.max(0, expectedLength)];
        final byte[] actualBytes = new byte[Math.max(0, actualLength)];
        expected.getBytes(0, expectedBytes);
        actual.getBytes(0, actualBytes);
        assertArrayEquals(expectedBytes, actualBytes, original.name() + " answers the same");
    }
}
