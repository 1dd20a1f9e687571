package io.anthill.journal;

/**
 * Reads the surviving log in op order, from a given op, verifying each entry before delivering it. Reads by op through
 * the journal's index, so superseded entries and markers are never delivered. Returns 0 when caught up and delivers
 * later appends on later polls, so one reader serves both replay and tailing.
 * <p>
 * Every entry's header, lengths, op, partition and Chronicle index are checked on each read. The CRC32C is computed
 * again on each read too, except for entries of a read-only journal that its open-time scan already checksummed in
 * this process (the offline replay's case: the same bytes would be checksummed twice within seconds); entries a
 * writable journal delivers, and any entry beyond what the scan verified, are always checksummed (docs/journal.md).
 *
 * <p>Owned by the journal's thread, like the journal; allocates nothing per entry.
 */
public final class JournalReader implements AutoCloseable
{
    private final Journal journal;
    private final DocumentCursor cursor;
    private final SurvivingLog log;
    private final JournalEntry entry = new JournalEntry();
    private final int partitionId;
    private final long scanVerifiedThroughIndex;
    private long nextOp;
    private long expectedIndex = -1;
    private long segmentEndOp;
    private long layoutVersion = -1;
    private boolean closed;

    JournalReader(final Journal journal, final DocumentCursor cursor, final SurvivingLog log, final long fromOp)
    {
        this.journal = journal;
        this.cursor = cursor;
        this.log = log;
        this.nextOp = fromOp;
        this.partitionId = journal.partitionId();
        this.scanVerifiedThroughIndex = journal.scanVerifiedThroughIndex();
    }

    /**
     * Delivers up to limit entries that exist now, in op order.
     *
     * @param handler receives each entry; if it throws, the entry is delivered again by the next poll.
     * @param limit   most entries to deliver in this call (bounds the work of one duty cycle).
     * @return entries delivered; 0 when the reader is caught up with lastOp().
     * @throws JournalCorruptedException when an entry fails verification.
     * @throws IllegalStateException     when retention deleted the entries this reader was about to read.
     */
    public int poll(final JournalEntryHandler handler, final int limit)
    {
        if (closed)
        {
            throw new IllegalStateException("journal reader is closed");
        }
        if (nextOp < log.firstOp() && !log.isEmpty())
        {
            throw new IllegalStateException("entries before op " + log.firstOp() + " were deleted by retention; reader at op " + nextOp);
        }
        int delivered = 0;
        final long lastOp = log.lastOp();
        while (delivered < limit && nextOp <= lastOp)
        {
            final long index;
            if (expectedIndex >= 0 && nextOp < segmentEndOp && log.layoutVersion() == layoutVersion)
            {
                index = expectedIndex; // sequential read inside one segment: the tailer is already there
            }
            else
            {
                index = seek();
            }
            readEntry(index);
            expectedIndex = -1; // the tailer is past this entry: if the handler throws, the next poll seeks back to it
            handler.onEntry(entry);
            expectedIndex = index + 1;
            nextOp++;
            delivered++;
        }
        return delivered;
    }

    private long seek()
    {
        final long index = log.chronicleIndexOf(nextOp);
        segmentEndOp = log.segmentEndOp(nextOp);
        layoutVersion = log.layoutVersion();
        if (index != expectedIndex && !cursor.moveToIndex(index))
        {
            throw new JournalCorruptedException(cursor.file(), nextOp, "Chronicle index 0x" + Long.toHexString(index) + " is missing");
        }
        return index;
    }

    private void readEntry(final long index)
    {
        final int kind = cursor.next(index > scanVerifiedThroughIndex);
        if (kind != DocumentCodec.KIND_ENTRY)
        {
            final String reason = kind == DocumentCursor.KIND_NONE ? "document missing" :
                kind == DocumentCodec.KIND_MARKER ? "found a marker where an entry belongs" : cursor.corruptDescription();
            throw new JournalCorruptedException(cursor.file(), nextOp, reason);
        }
        cursor.codec().fill(entry);
        if (cursor.index() != index || entry.op() != nextOp || entry.partitionId() != partitionId)
        {
            throw new JournalCorruptedException(cursor.file(), nextOp, "expected op " + nextOp + " of partition " +
                journal.partitionId() + " at Chronicle index 0x" + Long.toHexString(index) + ", found " + entry +
                " at 0x" + Long.toHexString(cursor.index()));
        }
    }

    /**
     * @return the op the next poll delivers first.
     */
    public long nextOp()
    {
        return nextOp;
    }

    /**
     * Moves the reader so that the next poll delivers op first: for readers that serve random reads (a replica
     * resending entries to a lagging follower).
     *
     * @param op from firstOp() to lastOp() + 1 of the journal.
     */
    public void seek(final long op)
    {
        if (op < log.firstOp() && !log.isEmpty() || op > log.lastOp() + 1)
        {
            throw new IllegalArgumentException("seek to op " + op + " outside [" + log.firstOp() + ", " +
                (log.lastOp() + 1) + "]");
        }
        if (op != nextOp)
        {
            nextOp = op;
            expectedIndex = -1;
        }
    }

    void onTruncated(final long afterOp)
    {
        if (nextOp > afterOp + 1)
        {
            nextOp = afterOp + 1;
        }
        expectedIndex = -1;
    }

    void onRestarted(final long afterOp)
    {
        nextOp = afterOp + 1;
        expectedIndex = -1;
    }

    /**
     * Releases the reader's tailer; idempotent.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            cursor.close();
            journal.onReaderClosed(this);
        }
    }
}
