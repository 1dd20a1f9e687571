package io.anthill.perf.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.anthill.engine.PartitionDigests;
import io.anthill.engine.Projection;
import io.anthill.example.trading.TradingReplayDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay benchmark's generated journal: deterministic, and a workload that trades (not one the books or the
 * limits refuse wholesale).
 */
class TradingJournalWriterTest
{
    private static final long ENTRIES = 30_000;

    @TempDir
    Path directory;

    @Test
    void shouldWriteTheSameTradingJournalForTheSameSeed()
    {
        final PartitionDigests first = writeAndReplay(directory.resolve("first"));
        final PartitionDigests second = writeAndReplay(directory.resolve("second"));

        assertEquals(first, second);
        assertEquals(ENTRIES, first.op());
    }

    private PartitionDigests writeAndReplay(final Path journal)
    {
        final TradingReplayDomain domain = new TradingReplayDomain(ReplayScenario.PARTITION_COUNT, ReplayScenario.INSTRUMENT_COUNT);
        assertEquals(ENTRIES, new TradingJournalWriter(1, ReplayScenario.PARTITION_COUNT, ReplayScenario.INSTRUMENT_COUNT,
            ReplayScenario.SEED).write(journal, ENTRIES));
        final List<Projection> projections = domain.newProjections(1);
        final PartitionReplay replay = new PartitionReplay(journal, 1, ReplayOptions.SNAPSHOT_NONE, journal, Long.MAX_VALUE,
            domain.newStateMachine(1), projections, Map.of());
        final PartitionDigests digests = replay.call();
        assertEquals(0, replay.replay().stateMachineErrors());
        // about 3.4 events per command once the books are built: orders accepted, rested, traded and closed
        assertTrue(replay.replay().eventsApplied() > 2 * ENTRIES, "only " + replay.replay().eventsApplied() + " events");
        return digests;
    }
}
