package io.anthill.perf.journal;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import io.anthill.journal.JournalEntry;
import io.anthill.journal.JournalEntryHandler;
import io.anthill.journal.JournalReader;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Replay throughput of one queue, read in the same run by a {@link JournalReader} (CRC32C verify, decode, index by
 * op) and by two bare Chronicle tailers: one that skims (touches each document's first and last byte) and one that
 * reads every byte (copies each document out). The ratios say what the journal's checking costs; verifying must
 * read every byte, so with large bodies the skim rate is out of its reach by construction.
 */
final class ReplayRun
{
    static final int POLL_LIMIT = 4096;
    static final int COPY_CAPACITY = 64 << 10;

    /**
     * Rates of each reader, best of the rounds, and of the verifying scan Journal.open runs.
     *
     * @param bodyLength body bytes per entry.
     * @param entries    entries replayed per round.
     * @param journal    JournalReader.
     * @param skim       bare tailer touching each document's first and last byte only.
     * @param readAll    bare tailer copying each document out (reads every byte, as a consumer does).
     * @param openScan   Journal.open's verifying scan.
     */
    record Result(int bodyLength, long entries, Rate journal, Rate skim, Rate readAll, Rate openScan)
    {
    }

    /**
     * Sums what it reads so the JIT cannot drop the reads.
     */
    static final class Checksum implements JournalEntryHandler
    {
        long sum;

        @Override
        public void onEntry(final JournalEntry entry)
        {
            sum += entry.op() + entry.body().getByte(entry.bodyOffset() + entry.bodyLength() - 1);
        }
    }

    Result run(final Path directory, final int bodyLength, final int entries, final int rounds)
    {
        final JournalContext ctx = new JournalContext()
            .directory(directory).partitionId(1).durability(DurabilityPolicy.NONE).maxBodyLength(Math.max(bodyLength, 1024));
        final UnsafeBuffer body = new UnsafeBuffer(new byte[bodyLength]);
        try (Journal journal = Journal.open(ctx))
        {
            for (long op = 1; op <= entries; op++)
            {
                body.putLong(0, op);
                journal.append(1, op, op, body, 0, bodyLength);
            }
            journal.forceNow();
        }
        final Best journalRate = new Best(entries);
        final Best skimRate = new Best(entries);
        final Best readAllRate = new Best(entries);
        final Best scanRate = new Best(entries);
        long sink = 0;
        for (int round = 0; round < rounds; round++)
        {
            scanRate.start();
            try (Journal journal = Journal.open(ctx))
            {
                scanRate.stop();
                final Checksum checksum = new Checksum();
                journalRate.start();
                try (JournalReader reader = journal.reader(1))
                {
                    while (reader.poll(checksum, POLL_LIMIT) > 0)
                    {
                        continue;
                    }
                }
                journalRate.stop();
                sink += checksum.sum;
            }
            skimRate.start();
            sink += readBare(directory, entries, false);
            skimRate.stop();
            readAllRate.start();
            sink += readBare(directory, entries, true);
            readAllRate.stop();
        }
        if (sink == 42)
        {
            System.out.println("sink " + sink);
        }
        return new Result(bodyLength, entries, journalRate.rate(), skimRate.rate(), readAllRate.rate(), scanRate.rate());
    }

    /**
     * The best rate over rounds, by wall time and by the thread's CPU time. On a machine shared with other builds the
     * CPU-time rate is the steadier one: it does not count the time the thread waited for a core.
     */
    static final class Best
    {
        private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        private final long entries;
        private long startWallNs;
        private long startCpuNs;
        private double bestWall;
        private double bestCpu;

        Best(final long entries)
        {
            this.entries = entries;
        }

        void start()
        {
            startWallNs = System.nanoTime();
            startCpuNs = threads.getCurrentThreadCpuTime();
        }

        void stop()
        {
            final long cpuNs = threads.getCurrentThreadCpuTime() - startCpuNs;
            final long wallNs = System.nanoTime() - startWallNs;
            bestWall = Math.max(bestWall, entries * 1e9 / wallNs);
            bestCpu = Math.max(bestCpu, entries * 1e9 / Math.max(1, cpuNs));
        }

        Rate rate()
        {
            return new Rate(bestWall, bestCpu);
        }
    }

    /**
     * Entries per second of wall time and per second of the reading thread's CPU time.
     *
     * @param wallPerSec entries per wall-clock second.
     * @param cpuPerSec  entries per CPU second of the reading thread.
     */
    record Rate(double wallPerSec, double cpuPerSec)
    {
    }

    private static long readBare(final Path directory, final int entries, final boolean everyByte)
    {
        final UnsafeBuffer document = new UnsafeBuffer(0, 0);
        final UnsafeBuffer copy = new UnsafeBuffer(ByteBuffer.allocateDirect(COPY_CAPACITY));
        long sum = 0;
        long read = 0;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory).readOnly(true).build();
            ExcerptTailer tailer = queue.createTailer())
        {
            while (true)
            {
                try (DocumentContext context = tailer.readingDocument())
                {
                    if (!context.isPresent())
                    {
                        break;
                    }
                    final Bytes<?> bytes = context.wire().bytes();
                    if (everyByte)
                    {
                        // the fastest way to read every byte: copy the document out, as a consumer that keeps it does
                        final int length = (int)bytes.readRemaining();
                        document.wrap(bytes.addressForRead(bytes.readPosition(), length), length);
                        copy.putBytes(0, document, 0, length);
                        sum += copy.getByte(length - 1);
                    }
                    else
                    {
                        sum += bytes.readByte(bytes.readPosition()) + bytes.readByte(bytes.readLimit() - 1);
                    }
                    bytes.readPosition(bytes.readLimit());
                    read++;
                }
            }
        }
        if (read != entries)
        {
            throw new IllegalStateException("bare tailer read " + read + " documents, expected " + entries);
        }
        return sum;
    }
}
