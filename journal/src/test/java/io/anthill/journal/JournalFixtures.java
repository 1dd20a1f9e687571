package io.anthill.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.anthill.codecs.journal.JournalEntryHeaderDecoder;
import io.anthill.codecs.journal.MessageHeaderDecoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Shared test helpers: journal settings, deterministic bodies, a collecting handler and surgery on queue files
 * (locating an op's document on disk to cut or flip it), done with a bare Chronicle tailer so that it does not trust
 * the journal code under test.
 */
final class JournalFixtures
{
    static final int PARTITION = 3;
    static final int MAX_BODY = 4096;

    private JournalFixtures()
    {
    }

    static JournalContext context(final Path dir, final DurabilityPolicy durability)
    {
        return new JournalContext().directory(dir).partitionId(PARTITION).durability(durability).maxBodyLength(MAX_BODY);
    }

    /**
     * A BATCH journal that rolls a file per second of a driven Chronicle clock, so retention is shown without waiting.
     */
    static JournalContext secondlyContext(final Path dir, final TimeProvider chronicleTime)
    {
        return context(dir, DurabilityPolicy.BATCH).rollCycle(TestRollCycles.TEST_SECONDLY).cycleTimeProvider(chronicleTime);
    }

    static Journal open(final Path dir)
    {
        return Journal.open(context(dir, DurabilityPolicy.NONE));
    }

    static UnsafeBuffer body(final long op, final long view, final int length)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)(op * 7 + view * 13 + i));
        }
        return buffer;
    }

    static int bodyLengthOf(final long op)
    {
        return 16 + (int)(op % 50);
    }

    /**
     * Appends ops from..to in view with bodies from {@link #body(long, long, int)}.
     */
    static void append(final Journal journal, final long view, final long fromOp, final long toOp)
    {
        for (long op = fromOp; op <= toOp; op++)
        {
            final int length = bodyLengthOf(op);
            journal.append(view, op, 1_000_000L * op + view, body(op, view, length), 0, length);
        }
    }

    /**
     * An entry copied out of the flyweight.
     */
    record Copied(long view, long op, long timestampNs, byte[] body)
    {
    }

    static List<Copied> readAll(final Journal journal, final long fromOp)
    {
        try (JournalReader reader = journal.reader(fromOp))
        {
            return drain(reader);
        }
    }

    static List<Copied> drain(final JournalReader reader)
    {
        final List<Copied> entries = new ArrayList<>();
        while (reader.poll(entry ->
        {
            final byte[] bytes = new byte[entry.bodyLength()];
            entry.body().getBytes(entry.bodyOffset(), bytes);
            entries.add(new Copied(entry.view(), entry.op(), entry.timestampNs(), bytes));
        }, 7) > 0)
        {
            continue;
        }
        return entries;
    }

    /**
     * Asserts the entries are exactly ops from..to, with the view given per op by views[op] (views indexed by op).
     */
    static void assertEntries(final List<Copied> entries, final long fromOp, final long toOp, final long[] viewByOp)
    {
        if (entries.size() != toOp - fromOp + 1)
        {
            throw new AssertionError("expected ops " + fromOp + ".." + toOp + " but read " + entries.size() + " entries: " + entries);
        }
        long op = fromOp;
        for (final Copied entry : entries)
        {
            final long view = viewByOp[(int)op];
            final UnsafeBuffer expected = body(op, view, bodyLengthOf(op));
            final byte[] expectedBytes = new byte[expected.capacity()];
            expected.getBytes(0, expectedBytes);
            if (entry.op() != op || entry.view() != view || entry.timestampNs() != 1_000_000L * op + view ||
                !java.util.Arrays.equals(expectedBytes, entry.body()))
            {
                throw new AssertionError("entry for op " + op + " view " + view + " differs: " + entry);
            }
            op++;
        }
    }

    static long[] views(final int size, final long view)
    {
        final long[] views = new long[size];
        java.util.Arrays.fill(views, view);
        return views;
    }

    /**
     * Where the newest document holding an entry of op lies on disk.
     */
    record Location(Path file, long position, int length)
    {
    }

    static Location locate(final Path dir, final long op)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final JournalEntryHeaderDecoder entry = new JournalEntryHeaderDecoder();
        final UnsafeBuffer view = new UnsafeBuffer(0, 0);
        Location found = null;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
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
                    final int length = (int)bytes.readRemaining();
                    view.wrap(bytes.addressForRead(bytes.readPosition(), length), length);
                    header.wrap(view, 0);
                    if (header.templateId() == JournalEntryHeaderDecoder.TEMPLATE_ID)
                    {
                        entry.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
                        if (entry.op() == op)
                        {
                            found = new Location(tailer.currentFile().toPath(), bytes.readPosition(), length);
                        }
                    }
                    bytes.readSkip(length);
                }
            }
        }
        if (null == found)
        {
            throw new AssertionError("op " + op + " not found in " + dir);
        }
        return found;
    }

    static void flipBit(final Path file, final long position) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(position);
            final int value = raf.read();
            raf.seek(position);
            raf.write(value ^ 0x04);
        }
    }

    static void cut(final Path file, final long length) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(length);
        }
    }
}
