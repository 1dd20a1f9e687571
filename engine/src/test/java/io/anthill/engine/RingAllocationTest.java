package io.anthill.engine;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.journal.DurabilityPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the ring path allocates nothing per command: over a million commands after warm-up, the bytes allocated by
 * the submitting thread and by every stage thread stay below a fixed budget that is far less than one byte per command
 * (what remains is one-off growth, such as a map resizing once).
 */
class RingAllocationTest
{
    private static final int WARMUP_COMMANDS = 200_000;
    private static final int MEASURED_COMMANDS = 1_000_000;
    private static final long ALLOCATION_BUDGET_BYTES = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldNotAllocatePerCommandOnTheRingPath()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final PartitionContext ctx = new PartitionContext()
            .partitionId(0)
            .stateMachine(new LedgerStateMachine())
            .addProjection(new SummingProjection())
            .responseSink(ResponseSink.DISCARD)
            .journalDirectory(dir.resolve("journal"))
            .snapshotDirectory(dir.resolve("snapshots"))
            .durability(DurabilityPolicy.NONE)
            .snapshotIntervalOps(0)
            .ringSize(4096);
        try (Partition partition = Partition.launch(ctx))
        {
            final UnsafeBuffer payload = LedgerStateMachine.deposit(1, 1);
            long requestId = submitAll(partition, payload, 1, WARMUP_COMMANDS);
            partition.awaitApplied(requestId - 1, TimeUnit.MINUTES.toMillis(2));

            final List<Thread> stages = partition.stageThreads();
            final long[] before = allocatedBytes(threads, stages);
            final long submitterBefore = threads.getCurrentThreadAllocatedBytes();
            requestId = submitAll(partition, payload, requestId, MEASURED_COMMANDS);
            final long submitterBytes = threads.getCurrentThreadAllocatedBytes() - submitterBefore;
            partition.awaitApplied(requestId - 1, TimeUnit.MINUTES.toMillis(2));
            final long[] after = allocatedBytes(threads, stages);

            assertEquals(WARMUP_COMMANDS + MEASURED_COMMANDS, partition.appliedOp());
            final StringBuilder report = new StringBuilder("submitter=" + submitterBytes);
            long total = submitterBytes;
            for (int i = 0; i < stages.size(); i++)
            {
                final long bytes = after[i] - before[i];
                total += bytes;
                report.append(", ").append(stages.get(i).getName()).append('=').append(bytes);
            }
            System.out.println("allocated bytes over " + MEASURED_COMMANDS + " commands: " + report);
            assertTrue(total < ALLOCATION_BUDGET_BYTES, "bytes allocated over " + MEASURED_COMMANDS +
                " commands: " + report);
        }
    }

    private static long submitAll(final Partition partition, final UnsafeBuffer payload, final long firstRequestId,
        final int count)
    {
        long requestId = firstRequestId;
        final long end = firstRequestId + count;
        while (requestId < end)
        {
            if (partition.submit(1, requestId, payload, 0, payload.capacity()) == SubmitResult.ACCEPTED)
            {
                requestId++;
            }
            else
            {
                Thread.yield();
            }
        }
        return requestId;
    }

    private static long[] allocatedBytes(final com.sun.management.ThreadMXBean threads, final List<Thread> stages)
    {
        final long[] bytes = new long[stages.size()];
        for (int i = 0; i < stages.size(); i++)
        {
            bytes[i] = threads.getThreadAllocatedBytes(stages.get(i).getId());
        }
        return bytes;
    }
}
