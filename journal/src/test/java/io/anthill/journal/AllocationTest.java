package io.anthill.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending, ending batches and reading allocate nothing per entry: counted with the thread's allocated-bytes counter,
 * not inferred from timings. The journal's own code allocates nothing, but Chronicle allocates a little now and then
 * (a few kilobytes about every ten thousand appends; on JDK 25 a few hundred bytes on the read side too, at the same
 * points, and once, under a loaded machine, 24 KB over 20,000 appends). So the test asserts what per-entry allocation
 * would look like and rare allocation does not: allocation in more than one batch in twenty, or at least one object
 * (16 bytes) per entry. Chronicle's occasional allocations touch about 6 batches in 1,250.
 */
class AllocationTest
{
    private static final int WARMUP_ENTRIES = 30_000;
    private static final int MEASURED_ENTRIES = 20_000;
    private static final int BATCH = 16;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final int BATCHES = MEASURED_ENTRIES / BATCH;
    private static final int ALLOCATING_BATCHES_MAX = BATCHES / 20;
    private static final long OBJECT_BYTES_MIN = 16;

    private long writeBytes;
    private long readBytes;
    private int allocatingWrites;
    private int allocatingReads;
    private long sum;

    @TempDir
    Path dir;

    @Test
    void appendEndBatchAndPollShouldNotAllocatePerEntry()
    {
        final UnsafeBuffer body = JournalFixtures.body(1, 1, 100);
        final JournalEntryHandler handler = entry -> sum += entry.op() + entry.body().getByte(entry.bodyOffset());
        try (Journal journal = Journal.open(JournalFixtures.context(dir, DurabilityPolicy.NONE));
            JournalReader reader = journal.reader(1))
        {
            appendAndRead(journal, reader, body, handler, WARMUP_ENTRIES);
            writeBytes = 0;
            readBytes = 0;
            allocatingWrites = 0;
            allocatingReads = 0;
            appendAndRead(journal, reader, body, handler, MEASURED_ENTRIES);

            assertEquals(WARMUP_ENTRIES + MEASURED_ENTRIES, journal.lastOp());
            final String report = "of " + BATCHES + " batches of " + BATCH + " entries, " + allocatingWrites +
                " allocated appending (" + writeBytes + " bytes) and " + allocatingReads + " reading (" + readBytes +
                " bytes)";
            assertTrue(allocatingWrites <= ALLOCATING_BATCHES_MAX && allocatingReads <= ALLOCATING_BATCHES_MAX, report);
            assertTrue(writeBytes < OBJECT_BYTES_MIN * MEASURED_ENTRIES && readBytes < OBJECT_BYTES_MIN * MEASURED_ENTRIES,
                report);
        }
    }

    private void appendAndRead(
        final Journal journal, final JournalReader reader, final UnsafeBuffer body, final JournalEntryHandler handler,
        final int count)
    {
        for (int i = 0; i < count; i += BATCH)
        {
            final long beforeWrite = threads.getCurrentThreadAllocatedBytes();
            for (int b = 0; b < BATCH; b++)
            {
                final long op = journal.lastOp() + 1;
                journal.append(1, op, op, body, 0, body.capacity());
            }
            journal.endBatch();
            final long beforeRead = threads.getCurrentThreadAllocatedBytes();
            while (reader.poll(handler, BATCH) > 0)
            {
                continue;
            }
            final long after = threads.getCurrentThreadAllocatedBytes();
            writeBytes += beforeRead - beforeWrite;
            readBytes += after - beforeRead;
            allocatingWrites += beforeRead > beforeWrite ? 1 : 0;
            allocatingReads += after > beforeRead ? 1 : 0;
        }
    }
}
