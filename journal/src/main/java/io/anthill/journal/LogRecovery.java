package io.anthill.journal;

import java.nio.file.Path;

import io.anthill.codecs.journal.JournalEntryHeaderDecoder;
import io.anthill.codecs.journal.SuffixTruncatedDecoder;
import io.anthill.codecs.journal.TruncationReason;
import net.openhft.chronicle.queue.RollCycle;

/**
 * The verifying scan of the whole queue, run by {@link Journal#open(JournalContext)} and by the verify tool: checks
 * every checksum, the partition, the dense op sequence and view order, applies markers, and rebuilds the surviving
 * log's index.
 *
 * <p>A document that fails verification is a torn tail if it is the last document; if an earlier open already sealed
 * it (the next document is a TORN_TAIL marker after the same op) it is skipped; anywhere else it is corruption.
 */
final class LogRecovery
{
    private final DocumentCursor cursor;
    private final int partitionId;
    private final SurvivingLog log;
    private final QueueFiles files;
    private final RollCycle rollCycle;
    private int lastCycle = Integer.MIN_VALUE;
    private long documents;
    private long entries;
    private long entriesScanned;
    private long superseded;
    private long markers;
    private long sealedTornTails;
    private long verifiedThroughIndex = -1;
    private long badIndex = -1;
    private long badOp;
    private Path badFile;
    private String badReason = "";

    LogRecovery(
        final DocumentCursor cursor, final int partitionId, final SurvivingLog log, final QueueFiles files,
        final RollCycle rollCycle)
    {
        this.cursor = cursor;
        this.partitionId = partitionId;
        this.log = log;
        this.files = files;
        this.rollCycle = rollCycle;
    }

    /**
     * Scans from the start to the end of the queue.
     *
     * @param lastChronicleIndex Chronicle's own last index, to catch documents its tailer cannot reach.
     * @throws JournalCorruptedException for a bad document that is not a torn tail.
     */
    JournalRecoveryReport scan(final long lastChronicleIndex)
    {
        cursor.toStart();
        long lastIndexSeen = -1;
        int kind;
        while ((kind = cursor.next()) != DocumentCursor.KIND_NONE)
        {
            documents++;
            lastIndexSeen = cursor.index();
            observeCycle(lastIndexSeen);
            if (kind == DocumentCodec.KIND_CORRUPT)
            {
                onBadDocument();
            }
            else if (kind == DocumentCodec.KIND_MARKER)
            {
                onMarker(cursor.codec().markerDecoder());
                verifiedThroughIndex = lastIndexSeen;
            }
            else
            {
                failOnPendingBadDocument();
                onEntry(cursor.codec().entryDecoder());
                verifiedThroughIndex = lastIndexSeen;
            }
        }
        if (lastChronicleIndex > lastIndexSeen)
        {
            throw new JournalCorruptedException(cursor.file(), log.lastOp() + 1, "Chronicle holds documents up to index 0x" +
                Long.toHexString(lastChronicleIndex) + " but its tailer stops after 0x" + Long.toHexString(lastIndexSeen) +
                " (a document header is marked incomplete)");
        }
        return report();
    }

    private void observeCycle(final long chronicleIndex)
    {
        final int cycle = rollCycle.toCycle(chronicleIndex);
        if (cycle != lastCycle)
        {
            lastCycle = cycle;
            files.observe(cycle, cursor.file());
        }
    }

    /**
     * @return the Chronicle index of the last document that passed verification (checksum included) and was accepted
     * by the scan, -1 if none: every surviving entry at or below it was verified by this scan.
     */
    long verifiedThroughIndex()
    {
        return verifiedThroughIndex;
    }

    /**
     * @return the cycle of the last document scanned, {@link Integer#MIN_VALUE} for an empty queue.
     */
    int lastCycle()
    {
        return lastCycle;
    }

    private void onBadDocument()
    {
        failOnPendingBadDocument();
        badIndex = cursor.index();
        badOp = log.lastOp() + 1;
        badFile = cursor.file();
        badReason = cursor.corruptDescription();
    }

    private void failOnPendingBadDocument()
    {
        if (badIndex >= 0)
        {
            throw new JournalCorruptedException(badFile, badOp, badReason + " (Chronicle index 0x" +
                Long.toHexString(badIndex) + ", not the last document)");
        }
    }

    private void onMarker(final SuffixTruncatedDecoder marker)
    {
        checkPartition(marker.partitionId());
        final long afterOp = marker.afterOp();
        final boolean sealsTornTail = marker.reasonRaw() == TruncationReason.TORN_TAIL.value();
        if (badIndex >= 0)
        {
            if (!sealsTornTail || afterOp != log.lastOp())
            {
                failOnPendingBadDocument();
            }
            sealedTornTails++;
            badIndex = -1;
        }
        markers++;
        if (marker.reasonRaw() == TruncationReason.SNAPSHOT_INSTALLED.value())
        {
            final long dropped = log.restartAfter(afterOp, marker.view());
            superseded += dropped;
            entries -= dropped;
            return;
        }
        if (0 == entriesScanned)
        {
            // before the first entry on disk: the ops it cut lived in cycle files deleted by retention, or it seals a
            // torn first entry; either way nothing surviving is affected
            return;
        }
        if (afterOp > log.lastOp() || afterOp < log.firstOp() - 1)
        {
            throw new JournalCorruptedException(cursor.file(), afterOp, "truncation marker after op " + afterOp +
                " outside the surviving log [" + log.firstOp() + ", " + log.lastOp() + "]");
        }
        final long dropped = log.truncateAfter(afterOp);
        superseded += dropped;
        entries -= dropped;
    }

    private void onEntry(final JournalEntryHeaderDecoder entry)
    {
        checkPartition(entry.partitionId());
        final long op = entry.op();
        final boolean first = log.isEmpty() && log.lastOp() == 0 && log.truncations() == 0;
        if (op < 1 || (!first && op != log.lastOp() + 1))
        {
            throw new JournalCorruptedException(cursor.file(), op, "op sequence broken: expected op " + (log.lastOp() + 1));
        }
        if (!log.isEmpty() && entry.view() < log.lastView())
        {
            throw new JournalCorruptedException(cursor.file(), op, "view " + entry.view() + " is older than view " +
                log.lastView() + " of op " + log.lastOp());
        }
        log.append(op, entry.view(), cursor.index());
        entries++;
        entriesScanned++;
    }

    private void checkPartition(final int documentPartitionId)
    {
        if (documentPartitionId != partitionId)
        {
            throw new JournalCorruptedException(cursor.file(), log.lastOp() + 1, "document of partition " +
                documentPartitionId + " in the journal of partition " + partitionId);
        }
    }

    private JournalRecoveryReport report()
    {
        final boolean torn = badIndex >= 0;
        final String description = torn ? badReason + " in " + badFile + " at Chronicle index 0x" +
            Long.toHexString(badIndex) + ", expected op " + badOp : "";
        return new JournalRecoveryReport(
            documents, entries, log.firstOp(), log.lastOp(), log.lastView(), superseded, markers, sealedTornTails, torn,
            description);
    }
}
