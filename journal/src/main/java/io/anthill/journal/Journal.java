package io.anthill.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.anthill.codecs.journal.TruncationReason;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.agrona.DirectBuffer;

/**
 * The write-ahead log of one partition: checksummed SBE entries, one Chronicle Queue document each, with dense op
 * numbers, durability by policy, suffix replacement for view changes, and retention by whole cycle files.
 *
 * <p>Single threaded: the partition's journal thread owns the journal and every reader it creates. Appends and reads
 * allocate nothing. Design and measured costs: docs/journal.md.
 */
public final class Journal implements AutoCloseable
{
    private final JournalContext ctx;
    private final SingleChronicleQueue queue;
    private final SurvivingLog log;
    private final QueueFiles files;
    private final JournalRecoveryReport recoveryReport;
    /**
     * Entries of a read-only journal at or below this Chronicle index were checksummed by the open-time scan of this
     * process, so its readers skip the second CRC32C; -1 for a writable journal, whose readers verify every entry.
     */
    private final long scanVerifiedThroughIndex;
    private final List<JournalReader> readers = new ArrayList<>();
    private final DocumentCodec codec;
    private final Bytes<ByteBuffer> documentBytes;
    private final long forceIntervalNs;
    private ExcerptAppender appender;
    private int writeCycle;
    private long durableOp;
    private long lastForceNs;
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong lastForceEpochMs = new AtomicLong();
    private boolean closed;

    private Journal(final JournalContext ctx, final SingleChronicleQueue queue)
    {
        this.ctx = ctx;
        this.queue = queue;
        log = new SurvivingLog(ctx.rollCycle());
        files = new QueueFiles(ctx.directory());
        codec = new DocumentCodec(ctx.maxBodyLength());
        documentBytes = Bytes.wrapForRead(codec.byteBuffer());
        forceIntervalNs = ctx.forceIntervalMs() * 1_000_000L;
        try (DocumentCursor cursor = new DocumentCursor(queue, ctx.maxBodyLength()))
        {
            final LogRecovery recovery = new LogRecovery(cursor, ctx.partitionId(), log, files, ctx.rollCycle());
            recoveryReport = recovery.scan(queue.lastIndex());
            writeCycle = recovery.lastCycle();
            scanVerifiedThroughIndex = ctx.readOnly() ? recovery.verifiedThroughIndex() : -1;
        }
        if (!ctx.readOnly())
        {
            appender = queue.createAppender();
            if (recoveryReport.tornTailDetected())
            {
                // seal the torn document so later scans know it was reported, and continue after the last good entry
                writeDocument(codec.encodeMarker(ctx.partitionId(), log.lastView(), log.lastOp(), TruncationReason.TORN_TAIL));
            }
            forceNow();
        }
        durableOp = log.lastOp();
        lastForceNs = ctx.nanoClock().nanoTime();
    }

    /**
     * Opens (creating if absent) the journal in {@link JournalContext#directory()}, scanning and verifying every
     * document first. A torn last document is reported in {@link #recoveryReport()} and excluded; corruption anywhere
     * else fails the open, because replaying past it would diverge silently.
     *
     * @param ctx the settings; concluded here if the caller did not.
     * @return the open journal, positioned to append lastOp() + 1.
     * @throws JournalCorruptedException naming the queue file and op of a bad document that is not the tail.
     */
    public static Journal open(final JournalContext ctx)
    {
        if (!ctx.isConcluded())
        {
            ctx.conclude();
        }
        final SingleChronicleQueue queue = buildQueue(ctx);
        try
        {
            return new Journal(ctx, queue);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * Reads the partition id stamped in the first document of a journal, for tools that open a journal they did not
     * write. The document is not verified here; {@link #open(JournalContext)} verifies everything.
     *
     * @param directory a journal's queue directory.
     * @return the partition id, or -1 when the directory holds no journal document.
     */
    public static int partitionIdOf(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            throw new IllegalArgumentException("journal directory does not exist: " + directory);
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(directory).readOnly(true).build();
            DocumentCursor cursor = new DocumentCursor(queue, JournalConfiguration.MAX_BODY_LENGTH_LIMIT))
        {
            cursor.toStart();
            return cursor.next() == DocumentCursor.KIND_NONE ? -1 : cursor.codec().partitionIdUnverified(cursor.length());
        }
    }

    private static SingleChronicleQueue buildQueue(final JournalContext ctx)
    {
        final Path directory = ctx.directory();
        try
        {
            if (ctx.readOnly())
            {
                if (!Files.isDirectory(directory))
                {
                    throw new IllegalArgumentException("journal directory does not exist: " + directory);
                }
            }
            else
            {
                Files.createDirectories(directory);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create journal directory " + directory, ex);
        }
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(directory)
            .rollCycle(ctx.rollCycle())
            .blockSize(JournalConfiguration.QUEUE_BLOCK_SIZE_BYTES)
            .readOnly(ctx.readOnly());
        if (null != ctx.cycleTimeProvider())
        {
            builder.timeProvider(ctx.cycleTimeProvider());
        }
        return builder.build();
    }

    /**
     * @return what the verifying scan of {@link #open(JournalContext)} found.
     */
    public JournalRecoveryReport recoveryReport()
    {
        return recoveryReport;
    }

    /**
     * Appends one entry; it is durable only after a force ({@link #endBatch()} or {@link #forceNow()}).
     *
     * @param view        the view of the primary that assigned the op; never older than the view of lastOp().
     * @param op          must be lastOp() + 1: the log is dense.
     * @param timestampNs the primary's time stamp, replayed to the state machine as its clock.
     * @param body        the SBE-encoded body.
     * @param offset      where the body starts.
     * @param length      body length, at most {@link JournalContext#maxBodyLength()}.
     * @throws EntryTooLargeException   when length exceeds the limit.
     * @throws IllegalArgumentException when op or view break the sequence.
     */
    public void append(
        final long view, final long op, final long timestampNs, final DirectBuffer body, final int offset, final int length)
    {
        checkWritable();
        if (op != log.lastOp() + 1)
        {
            throw new IllegalArgumentException("op " + op + " is not lastOp + 1 = " + (log.lastOp() + 1));
        }
        if (view < log.lastView())
        {
            throw new IllegalArgumentException("view " + view + " is older than view " + log.lastView() + " of lastOp");
        }
        if (length < 0 || length > ctx.maxBodyLength())
        {
            throw new EntryTooLargeException(length, ctx.maxBodyLength());
        }
        writeDocument(codec.encodeEntry(ctx.partitionId(), view, op, timestampNs, body, offset, length));
        log.append(op, view, appender.lastIndexAppended());
    }

    private void writeDocument(final int documentLength)
    {
        documentBytes.readPositionRemaining(0, documentLength);
        appender.writeBytes(documentBytes);
        bytesWritten.lazySet(bytesWritten.get() + documentLength);
        final int cycle = appender.cycle();
        if (cycle != writeCycle)
        {
            writeCycle = cycle;
            files.observe(cycle, appender.currentFile().toPath());
        }
    }

    /**
     * Ends a batch of appends and applies the durability policy: BATCH forces now, INTERVAL forces if the interval
     * passed since the last force, NONE leaves the entries in the page cache. Call it from the duty cycle even when
     * idle, so that INTERVAL catches up.
     *
     * @return {@link #durableOp()}, the op the caller may acknowledge as durable.
     */
    public long endBatch()
    {
        checkWritable();
        if (log.lastOp() > durableOp)
        {
            switch (ctx.durability())
            {
                case BATCH:
                    forceNow();
                    break;
                case INTERVAL:
                    if (ctx.nanoClock().nanoTime() - lastForceNs >= forceIntervalNs)
                    {
                        forceNow();
                    }
                    break;
                case NONE:
                default:
                    break;
            }
        }
        return durableOp;
    }

    /**
     * Forces every appended document to disk whatever the policy: for snapshots and for markers.
     *
     * @return {@link #durableOp()}, now lastOp().
     */
    public long forceNow()
    {
        checkWritable();
        if (writeCycle != Integer.MIN_VALUE)
        {
            files.force(writeCycle);
        }
        durableOp = log.lastOp();
        lastForceNs = ctx.nanoClock().nanoTime();
        lastForceEpochMs.lazySet(System.currentTimeMillis());
        return durableOp;
    }

    /**
     * @return the first surviving op, or lastOp() + 1 when the log is empty (1 for a new journal).
     */
    public long firstOp()
    {
        return log.isEmpty() ? log.lastOp() + 1 : log.firstOp();
    }

    /**
     * @return the last surviving op; 0 for a new journal.
     */
    public long lastOp()
    {
        return log.lastOp();
    }

    /**
     * @return the view of lastOp(); 0 for a new journal.
     */
    public long lastView()
    {
        return log.lastView();
    }

    /**
     * @return bytes of documents this journal appended since it was opened; readable from any thread (for gauges).
     */
    public long bytesWritten()
    {
        return bytesWritten.get();
    }

    /**
     * @return the wall-clock time of the last force to disk in epoch milliseconds, 0 before the first; readable from any
     * thread (for gauges).
     */
    public long lastForceEpochMs()
    {
        return lastForceEpochMs.get();
    }

    /**
     * @return the last op known forced to disk; under NONE it moves only with {@link #forceNow()}.
     */
    public long durableOp()
    {
        return durableOp;
    }

    /**
     * @return forces done since open, for counters and tests.
     */
    public long forceCount()
    {
        return files.forceCount();
    }

    /**
     * @param op a surviving op.
     * @return the view of that entry.
     * @throws IllegalArgumentException when op does not survive.
     */
    public long viewOf(final long op)
    {
        checkSurviving(op);
        return log.viewOf(op);
    }

    /**
     * Suffix replacement for a view change: entries after op leave the surviving log, durably (a forced
     * SuffixTruncated marker), so the next append is op + 1, normally in a newer view. Readers past op are rewound to
     * op + 1 and will see the replacement entries.
     *
     * @param op the last op that survives, from firstOp() - 1 to lastOp().
     */
    public void truncateAfter(final long op)
    {
        checkWritable();
        if (op < firstOp() - 1 || op > log.lastOp())
        {
            throw new IllegalArgumentException("truncateAfter(" + op + ") outside [" + (firstOp() - 1) + ", " + log.lastOp() + "]");
        }
        if (op == log.lastOp())
        {
            return;
        }
        writeDocument(codec.encodeMarker(ctx.partitionId(), log.lastView(), op, TruncationReason.SUFFIX_REPLACED));
        log.truncateAfter(op);
        for (int i = 0; i < readers.size(); i++)
        {
            readers.get(i).onTruncated(op);
        }
        forceNow();
    }

    /**
     * A replica installed a peer's snapshot covering every op up to op: the whole log is superseded, durably (a forced
     * SNAPSHOT_INSTALLED marker), the next append is op + 1, and the cycle files before the marker's are deleted.
     * Readers continue at op + 1.
     *
     * @param op   the snapshot's op, &gt;= 0.
     * @param view the view of op: appends after it are in this view or a newer one.
     */
    public void restartAfter(final long op, final long view)
    {
        checkWritable();
        if (op < 0 || view < 0)
        {
            throw new IllegalArgumentException("restartAfter(" + op + ", view " + view + "): op and view must be >= 0");
        }
        writeDocument(codec.encodeMarker(ctx.partitionId(), view, op, TruncationReason.SNAPSHOT_INSTALLED));
        log.restartAfter(op, view);
        for (int i = 0; i < readers.size(); i++)
        {
            readers.get(i).onRestarted(op);
        }
        forceNow();
        if (!files.deleteCyclesBefore(writeCycle).isEmpty())
        {
            queue.refreshDirectoryListing();
        }
    }

    /**
     * Opens a reader of the surviving log; it is owned by the journal's thread and closed with the journal.
     *
     * @param fromOp the first op to deliver, from firstOp() to lastOp() + 1 (to tail new appends).
     * @return the reader.
     */
    public JournalReader reader(final long fromOp)
    {
        checkOpen();
        if (fromOp < firstOp() || fromOp > log.lastOp() + 1)
        {
            throw new IllegalArgumentException("reader from op " + fromOp + " outside [" + firstOp() + ", " + (log.lastOp() + 1) + "]");
        }
        if (readers.size() >= JournalConfiguration.MAX_READERS)
        {
            throw new IllegalStateException("more than " + JournalConfiguration.MAX_READERS + " open journal readers");
        }
        final JournalReader reader = new JournalReader(this, new DocumentCursor(queue, ctx.maxBodyLength()), log, fromOp);
        readers.add(reader);
        return reader;
    }

    /**
     * @return the highest Chronicle index whose entries a reader need not checksum again (see the field), -1 for none.
     */
    long scanVerifiedThroughIndex()
    {
        return scanVerifiedThroughIndex;
    }

    void onReaderClosed(final JournalReader reader)
    {
        readers.remove(reader);
    }

    /**
     * @return the partition this journal belongs to.
     */
    public int partitionId()
    {
        return ctx.partitionId();
    }

    /**
     * @return the queue directory.
     */
    public Path directory()
    {
        return ctx.directory();
    }

    /**
     * Retention after a snapshot at op: deletes the Chronicle cycle files that hold only ops before op (a file is
     * deleted whole, so some ops before op may remain). firstOp() moves forward accordingly.
     *
     * @param op the op of the snapshot the log is no longer needed before; at most lastOp() + 1.
     */
    public void deleteBefore(final long op)
    {
        checkWritable();
        if (op > log.lastOp() + 1)
        {
            throw new IllegalArgumentException("deleteBefore(" + op + ") beyond lastOp + 1 = " + (log.lastOp() + 1));
        }
        if (op <= firstOp() || writeCycle == Integer.MIN_VALUE)
        {
            return;
        }
        final int firstKeptCycle = op <= log.lastOp() ? log.cycleOf(op) : writeCycle;
        if (!files.deleteCyclesBefore(firstKeptCycle).isEmpty())
        {
            queue.refreshDirectoryListing();
        }
        log.removeCyclesBefore(firstKeptCycle);
    }

    /**
     * Meant to pre-fault the next pages of the current cycle file from the journal thread's slow tick, so that an
     * append does not stall on mapping a new chunk. It does nothing for now: the open-source Chronicle Queue 2026.4
     * has no pretoucher ({@code ExcerptAppender.pretouch()} recurses until the stack overflows; pre-touching is an
     * enterprise feature), so the measured worst case in docs/journal.md includes the chunk-mapping stall. Kept so
     * callers need not change when a pretoucher exists.
     */
    public void pretouch()
    {
        checkWritable();
    }

    /**
     * Hands the journal to the calling thread. Chronicle Queue checks that one thread at a time uses an appender and
     * its buffers; a journal opened (and recovered) on a launching thread and then owned by a stage thread calls this
     * once on the new thread before its first append.
     */
    public void takeOwnership()
    {
        checkOpen();
        documentBytes.singleThreadedCheckReset();
        if (null != appender)
        {
            appender.singleThreadedCheckReset();
        }
    }

    /**
     * Closes readers, forces nothing (call {@link #forceNow()} first if the policy needs it) and releases the queue.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int i = readers.size() - 1; i >= 0; i--)
        {
            readers.get(i).close();
        }
        if (null != appender)
        {
            appender.close();
        }
        files.close();
        queue.close();
    }

    private void checkSurviving(final long op)
    {
        if (!log.contains(op))
        {
            throw new IllegalArgumentException("op " + op + " is not in the surviving log [" + firstOp() + ", " + log.lastOp() + "]");
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("journal of partition " + ctx.partitionId() + " is closed");
        }
    }

    private void checkWritable()
    {
        checkOpen();
        if (null == appender)
        {
            throw new IllegalStateException("journal of partition " + ctx.partitionId() + " was opened read-only");
        }
    }
}
