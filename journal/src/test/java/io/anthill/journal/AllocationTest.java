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
 * points), hence a bound of under one byte per entry rather than exactly zero: one object per entry would be 16.
 */
class AllocationTest
{
    private static final int WARMUP_ENTRIES = 30_000;
    private static final int MEASURED_ENTRIES = 20_000;
    private static final int BATCH = 16;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private long writeBytes;
    private long readBytes;
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
            appendAndRead(journal, reader, body, handler, MEASURED_ENTRIES);

            assertEquals(WARMUP_ENTRIES + MEASURED_ENTRIES, journal.lastOp());
            // one object per entry would be at least 16 bytes per entry; Chronicle's rare index growth stays far below one
            assertTrue(readBytes < MEASURED_ENTRIES, readBytes + " bytes allocated reading " + MEASURED_ENTRIES + " entries");
            assertTrue(writeBytes < MEASURED_ENTRIES, writeBytes + " bytes allocated appending " + MEASURED_ENTRIES + " entries");
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
        }
    }
}
