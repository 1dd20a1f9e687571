package io.anthill.journal;

import static io.anthill.journal.JournalFixtures.append;
import static io.anthill.journal.JournalFixtures.assertEntries;
import static io.anthill.journal.JournalFixtures.locate;
import static io.anthill.journal.JournalFixtures.readAll;
import static io.anthill.journal.JournalFixtures.views;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults are detected, never silently replayed: a torn last entry is reported and excluded, a bad entry in the middle
 * fails with the queue file and op.
 */
class FaultDetectionTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReportAndExcludeATornLastEntryAndContinueAfterIt() throws IOException
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 10);
        }
        final JournalFixtures.Location last = locate(dir, 10);
        JournalFixtures.cut(last.file(), last.position() + last.length() / 2);

        try (Journal journal = JournalFixtures.open(dir))
        {
            final JournalRecoveryReport report = journal.recoveryReport();
            assertTrue(report.tornTailDetected());
            assertTrue(report.tornTailDescription().contains(last.file().toString()), report.tornTailDescription());
            assertTrue(report.tornTailDescription().contains("expected op 10"), report.tornTailDescription());
            assertEquals(9, journal.lastOp());
            assertEquals(9, report.entries());
            assertEntries(readAll(journal, 1), 1, 9, views(20, 1));

            append(journal, 1, 10, 12);
        }
        try (Journal journal = JournalFixtures.open(dir))
        {
            final JournalRecoveryReport report = journal.recoveryReport();
            assertFalse(report.tornTailDetected(), "reported once, then sealed");
            assertEquals(1, report.sealedTornTails());
            assertEquals(12, journal.lastOp());
            assertEntries(readAll(journal, 1), 1, 12, views(20, 1));
        }
    }

    @Test
    void shouldReportATornFirstEntry() throws IOException
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 1);
        }
        final JournalFixtures.Location only = locate(dir, 1);
        JournalFixtures.cut(only.file(), only.position() + 10);
        try (Journal journal = JournalFixtures.open(dir))
        {
            assertTrue(journal.recoveryReport().tornTailDetected());
            assertEquals(0, journal.lastOp());
            append(journal, 2, 1, 2);
        }
        try (Journal journal = JournalFixtures.open(dir))
        {
            assertEntries(readAll(journal, 1), 1, 2, views(5, 2));
        }
    }

    @Test
    void shouldFailOpenNamingTheFileAndOpOfABitFlipInTheMiddle() throws IOException
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 20);
        }
        final JournalFixtures.Location middle = locate(dir, 11);
        JournalFixtures.flipBit(middle.file(), middle.position() + middle.length() - 3);

        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () -> JournalFixtures.open(dir));
        assertEquals(middle.file(), ex.file());
        assertEquals(11, ex.op());
        assertTrue(ex.getMessage().contains("checksum mismatch"), ex.getMessage());
    }

    @Test
    void shouldFailOpenOnABitFlipInAnEntryHeader() throws IOException
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 20);
        }
        final JournalFixtures.Location middle = locate(dir, 5);
        // the low byte of the op field: the entry now claims another op, and its checksum no longer matches
        JournalFixtures.flipBit(middle.file(), middle.position() + 8 + 16);

        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () -> JournalFixtures.open(dir));
        assertEquals(5, ex.op());
        assertEquals(middle.file(), ex.file());
    }

    @Test
    void shouldStopAReaderWithATypedExceptionWhenAnEntryRotsAfterOpen() throws IOException
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 20);
            final JournalFixtures.Location middle = locate(dir, 7);
            JournalFixtures.flipBit(middle.file(), middle.position() + middle.length() - 1);

            try (JournalReader reader = journal.reader(1))
            {
                final int[] delivered = new int[1];
                final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () ->
                {
                    while (reader.poll(entry -> delivered[0]++, 100) > 0)
                    {
                        continue;
                    }
                });
                assertEquals(6, delivered[0], "entries before the bad one are delivered, the bad one never");
                assertEquals(7, ex.op());
                assertEquals(middle.file(), ex.file());
                assertEquals(7, reader.nextOp());
            }
        }
    }

    @Test
    void shouldDeliverEveryEntryOfAReadOnlyJournalThatItsScanVerified()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 20);
        }
        try (Journal journal = Journal.open(JournalFixtures.context(dir, DurabilityPolicy.NONE).readOnly(true)))
        {
            assertEntries(readAll(journal, 1), 1, 20, views(21, 1));
        }
    }

    @Test
    void shouldStopAReaderOfAReadOnlyJournalWhenAnEntryHeaderChangesAfterOpen() throws IOException
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 20);
        }
        try (Journal journal = Journal.open(JournalFixtures.context(dir, DurabilityPolicy.NONE).readOnly(true)))
        {
            final JournalFixtures.Location middle = locate(dir, 7);
            // the low byte of the op field, after the scan verified it: the reader's own checks still catch it
            JournalFixtures.flipBit(middle.file(), middle.position() + 8 + 16);
            try (JournalReader reader = journal.reader(1))
            {
                final int[] delivered = new int[1];
                final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () ->
                {
                    while (reader.poll(entry -> delivered[0]++, 100) > 0)
                    {
                        continue;
                    }
                });
                assertEquals(6, delivered[0], "entries before the changed one are delivered, the changed one never");
                assertEquals(7, ex.op());
            }
        }
    }

    @Test
    void shouldRefuseAJournalOfAnotherPartition()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 2);
        }
        final JournalContext other = JournalFixtures.context(dir, DurabilityPolicy.NONE).partitionId(JournalFixtures.PARTITION + 1);
        final JournalCorruptedException ex = assertThrows(JournalCorruptedException.class, () -> Journal.open(other));
        assertTrue(ex.getMessage().contains("partition " + JournalFixtures.PARTITION), ex.getMessage());
    }
}
