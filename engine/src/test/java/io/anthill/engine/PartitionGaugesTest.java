package io.anthill.engine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.anthill.journal.DurabilityPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sampled gauges {@code scripts/stat} shows beside the counters: journal bytes, the last fsync's time, the last
 * snapshot's op and the ring's occupancy, published by the housekeeper from a real partition.
 */
class PartitionGaugesTest
{
    private static final int WRITES = 20;

    @TempDir
    Path dir;

    @Test
    void shouldPublishJournalBytesLastFsyncLastSnapshotAndRingOccupancy()
    {
        final RecordingSink writes = new RecordingSink();
        final long beforeMs = System.currentTimeMillis();
        try (Partition partition = Partition.launch(new PartitionContext()
            .partitionId(0)
            .stateMachine(new LedgerStateMachine())
            .responseSink(writes)
            .journalDirectory(dir.resolve("journal"))
            .snapshotDirectory(dir.resolve("snapshots"))
            .durability(DurabilityPolicy.BATCH)
            .snapshotIntervalOps(0)
            .ringSize(1024)))
        {
            final UnsafeBuffer deposit = LedgerStateMachine.deposit(7, 3);
            for (int i = 1; i <= WRITES; i++)
            {
                assertEquals(SubmitResult.ACCEPTED, partition.submit(1, i, deposit, 0, deposit.capacity()));
            }
            writes.awaitCount(WRITES);
            assertEquals(SubmitResult.ACCEPTED, partition.requestSnapshot());
            final PartitionCounters counters = partition.counters();

            awaitTrue(() -> counters.lastSnapshotOp() == WRITES + 1, "the snapshot request's op");
            awaitTrue(() -> counters.journalBytes() > WRITES * 16L, "journal bytes sampled");
            awaitTrue(() -> counters.lastFsyncEpochMs() >= beforeMs, "the last fsync's time sampled");
            awaitTrue(() -> counters.ringOccupancy() == 0, "an idle ring is empty");
        }
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, what + " not published");
            Thread.yield();
        }
    }
}
