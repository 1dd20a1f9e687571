package io.anthill.perf.journal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Measures the latency an entry's producer sees until the journal acknowledges it under a policy: from the start of
 * the entry's append to the return of the endBatch() that ends its batch (for BATCH that is the entry's fsync). Also
 * counts forces and the bytes the measuring thread allocated, which must be zero per append.
 */
final class AppendLatencyRun
{
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(10);
    static final int SIGNIFICANT_DIGITS = 3;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    /**
     * What one run measured.
     *
     * @param scenario        the run's settings.
     * @param latencyNs       per-entry latency until acknowledged.
     * @param entriesPerSec   measured entries over the measured wall time.
     * @param forces          forces during the measured part.
     * @param allocatedBytes  bytes the thread allocated during the measured part.
     */
    record Result(AppendScenario scenario, Histogram latencyNs, double entriesPerSec, long forces, long allocatedBytes)
    {
    }

    Result run(final AppendScenario scenario, final Path directory, final long forceIntervalMs)
    {
        final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
        final long[] startNs = new long[scenario.batchSize()];
        final UnsafeBuffer body = new UnsafeBuffer(new byte[scenario.bodyLength()]);
        for (int i = 0; i < scenario.bodyLength(); i++)
        {
            body.putByte(i, (byte)i);
        }
        final JournalContext ctx = new JournalContext()
            .directory(directory)
            .partitionId(1)
            .durability(scenario.policy())
            .forceIntervalMs(forceIntervalMs)
            .maxBodyLength(Math.max(scenario.bodyLength(), 1024));
        try (Journal journal = Journal.open(ctx))
        {
            long op = appendBatches(journal, body, 1, scenario.warmupCount(), scenario.batchSize(), startNs, null);
            journal.forceNow();
            histogram.reset();
            final long forcesBefore = journal.forceCount();
            final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            final long beginNs = System.nanoTime();
            op = appendBatches(journal, body, op, scenario.entryCount(), scenario.batchSize(), startNs, histogram);
            final long elapsedNs = System.nanoTime() - beginNs;
            final long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            final long forces = journal.forceCount() - forcesBefore;
            journal.forceNow();
            return new Result(scenario, histogram, scenario.entryCount() * 1e9 / elapsedNs, forces, allocated);
        }
    }

    /**
     * @return the next op.
     */
    private static long appendBatches(
        final Journal journal, final UnsafeBuffer body, final long firstOp, final int count, final int batchSize,
        final long[] startNs, final Histogram histogram)
    {
        long op = firstOp;
        int done = 0;
        while (done < count)
        {
            final int batch = Math.min(batchSize, count - done);
            for (int i = 0; i < batch; i++)
            {
                startNs[i] = System.nanoTime();
                journal.append(1, op, startNs[i], body, 0, body.capacity());
                op++;
            }
            journal.endBatch();
            final long ackNs = System.nanoTime();
            if (null != histogram)
            {
                for (int i = 0; i < batch; i++)
                {
                    histogram.recordValue(Math.min(ackNs - startNs[i], HIGHEST_TRACKABLE_NS));
                }
            }
            done += batch;
        }
        return op;
    }
}
