package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Determinism at scale: a million client commands over two partitions, each op journaled as the engine's journal
 * body and applied from those bytes; then each journal is replayed into a fresh state machine and fresh read models,
 * as recovery and every follower do. The partition state digest (state machine, sessions, alarms) and every read
 * model's digest must be equal, and the invariants must hold at checkpoints throughout.
 */
class ReplayDeterminismTest
{
    private static final int COMMAND_COUNT = 1_000_000;
    private static final int CHECKPOINT_EVERY_COMMANDS = 250_000;
    private static final int PARTITION_COUNT = 2;
    private static final int INSTRUMENT_COUNT = 8;
    private static final int ACCOUNT_COUNT = 200;
    private static final long SEED = 0x5EED_2026_1125L;

    @Test
    void shouldRebuildEqualStateAndReadModelsByReplayingAMillionCommandJournal()
    {
        final TradingPartition[] live = partitions();
        final JournalRecorder[] journals = new JournalRecorder[PARTITION_COUNT];
        for (int p = 0; p < PARTITION_COUNT; p++)
        {
            journals[p] = new JournalRecorder();
            live[p].recordTo(journals[p]);
        }
        final RandomTradingWorkload workload = new RandomTradingWorkload(live, INSTRUMENT_COUNT, ACCOUNT_COUNT, SEED);
        workload.openAndFundAccounts();

        final long liveStartNs = System.nanoTime();
        for (int i = 1; i <= COMMAND_COUNT; i++)
        {
            workload.next();
            if (i % CHECKPOINT_EVERY_COMMANDS == 0)
            {
                for (final TradingPartition partition : live)
                {
                    partition.validate();
                }
            }
        }
        final long liveNs = System.nanoTime() - liveStartNs;

        final TradingPartition[] replayed = partitions();
        final long replayStartNs = System.nanoTime();
        long entries = 0;
        for (int p = 0; p < PARTITION_COUNT; p++)
        {
            entries += journals[p].replay(replayed[p].harness);
        }
        final long replayNs = System.nanoTime() - replayStartNs;

        long trades = 0;
        for (int p = 0; p < PARTITION_COUNT; p++)
        {
            assertEquals(live[p].harness.appliedOp(), replayed[p].harness.appliedOp());
            assertEquals(live[p].harness.digest(), replayed[p].harness.digest(), "partition state digest of " + p);
            assertEquals(live[p].balances.digest(), replayed[p].balances.digest(), "balances digest of " + p);
            assertEquals(live[p].openOrders.digest(), replayed[p].openOrders.digest(), "open orders digest of " + p);
            assertEquals(live[p].depth.digest(), replayed[p].depth.digest(), "book depth digest of " + p);
            assertEquals(live[p].tape.digest(), replayed[p].tape.digest(), "trade tape digest of " + p);
            replayed[p].validate();
            trades += live[p].tape.tradeCount();
            assertTrue(live[p].tape.tradeCount() > 10_000, "partition " + p + " traded too little to prove much");
            assertTrue(live[p].openOrders.size() > 0, "partition " + p + " has an empty book");
        }
        System.out.printf("%d commands (%d journal entries, %d trades) over %d partitions: live %.0f commands/s, " +
            "replay %.0f entries/s%n", COMMAND_COUNT, entries, trades, PARTITION_COUNT,
            COMMAND_COUNT / (liveNs / 1e9), entries / (replayNs / 1e9));
        System.out.println("results: " + workload.resultSummary());
    }

    private static TradingPartition[] partitions()
    {
        final TradingPartition[] partitions = new TradingPartition[PARTITION_COUNT];
        for (int p = 0; p < PARTITION_COUNT; p++)
        {
            partitions[p] = new TradingPartition(new ExchangeContext()
                .partitionId(p)
                .partitionCount(PARTITION_COUNT)
                .instrumentCount(INSTRUMENT_COUNT));
        }
        return partitions;
    }
}
