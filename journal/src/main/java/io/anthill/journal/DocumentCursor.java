package io.anthill.journal;

import java.io.File;
import java.nio.file.Path;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads the journal's Chronicle documents one at a time and verifies each where it lies in the mapped file (no copy:
 * replay is bound by this path). Single threaded; owns one tailer.
 */
final class DocumentCursor implements AutoCloseable
{
    static final int KIND_NONE = 0;

    private final ExcerptTailer tailer;
    private final DocumentCodec codec;
    private final UnsafeBuffer mappedView = new UnsafeBuffer(0, 0);
    private final Path queueDirectory;
    private long index = -1;
    private int length;

    DocumentCursor(final SingleChronicleQueue queue, final int maxBodyLength)
    {
        tailer = queue.createTailer();
        codec = new DocumentCodec(maxBodyLength);
        queueDirectory = queue.file().toPath();
    }

    /**
     * Reads and fully verifies the next document.
     *
     * @return {@link #KIND_NONE} when no complete document follows yet, else the kind from {@link DocumentCodec}.
     */
    int next()
    {
        return next(true);
    }

    /**
     * Reads the next document and verifies it, the CRC32C of an entry only when asked.
     *
     * @param checksum false only for a document this process already verified (see {@link JournalReader}).
     * @return {@link #KIND_NONE} when no complete document follows yet, else the kind from {@link DocumentCodec}.
     */
    int next(final boolean checksum)
    {
        try (DocumentContext context = tailer.readingDocument())
        {
            if (!context.isPresent())
            {
                return KIND_NONE;
            }
            index = context.index();
            final Bytes<?> bytes = context.wire().bytes();
            final long remaining = bytes.readRemaining();
            if (remaining > codec.capacity())
            {
                length = (int)Math.min(Integer.MAX_VALUE, remaining);
                return DocumentCodec.KIND_CORRUPT;
            }
            length = (int)remaining;
            final long address = bytes.addressForRead(bytes.readPosition(), length);
            mappedView.wrap(address, length);
            bytes.readSkip(length);
            // verified and delivered where it lies: a complete Chronicle document is never written again, and the
            // tailer keeps its chunk mapped until the next read, which is after the handler returned
            return codec.verify(mappedView, address, length, checksum);
        }
    }

    boolean moveToIndex(final long chronicleIndex)
    {
        return tailer.moveToIndex(chronicleIndex);
    }

    void toStart()
    {
        tailer.toStart();
    }

    /**
     * @return the Chronicle index of the document last returned by {@link #next()}.
     */
    long index()
    {
        return index;
    }

    int length()
    {
        return length;
    }

    DocumentCodec codec()
    {
        return codec;
    }

    /**
     * The queue file the tailer is in, for error messages; allocation is fine on that path.
     */
    Path file()
    {
        final File file = tailer.currentFile();
        return null == file ? queueDirectory : file.toPath();
    }

    String corruptDescription()
    {
        if (length > codec.capacity())
        {
            return "document of " + length + " bytes is longer than the largest entry (" + codec.capacity() + ")";
        }
        return codec.corruptDescription();
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
