package io.anthill.journal;

import static io.anthill.journal.JournalFixtures.append;
import static io.anthill.journal.JournalFixtures.assertEntries;
import static io.anthill.journal.JournalFixtures.drain;
import static io.anthill.journal.JournalFixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A view change discards an uncommitted suffix and replaces it with the new view's entries; every reader, live or
 * after a reopen, must see exactly the surviving log.
 */
class SuffixReplacementTest
{
    @TempDir
    Path dir;

    @Test
    void shouldServeOnlyTheSurvivingLogLiveAndAfterReopen()
    {
        final long[] views = new long[20];
        Arrays.fill(views, 1, 7, 1);
        Arrays.fill(views, 7, 13, 2);
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 10);
            final long forces = journal.forceCount();
            journal.truncateAfter(6);
            assertEquals(forces + 1, journal.forceCount(), "the marker is forced before anything else is written");
            assertEquals(6, journal.lastOp());
            assertEquals(1, journal.lastView());
            append(journal, 2, 7, 12);
            assertEntries(readAll(journal, 1), 1, 12, views);
            assertEntries(readAll(journal, 8), 8, 12, views);
        }
        try (Journal journal = JournalFixtures.open(dir))
        {
            final JournalRecoveryReport report = journal.recoveryReport();
            assertEquals(12, report.entries());
            assertEquals(4, report.supersededEntries());
            assertEquals(1, report.truncationMarkers());
            assertEquals(12, journal.lastOp());
            assertEquals(2, journal.lastView());
            assertEquals(1, journal.viewOf(6));
            assertEquals(2, journal.viewOf(7));
            assertEntries(readAll(journal, 1), 1, 12, views);
        }
    }

    @Test
    void shouldRewindReadersThatWerePastTheCut()
    {
        final long[] views = new long[20];
        Arrays.fill(views, 1, 4, 1);
        Arrays.fill(views, 4, 9, 3);
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 8);
            try (JournalReader ahead = journal.reader(1);
                JournalReader behind = journal.reader(1))
            {
                assertEquals(8, drain(ahead).size());
                assertEquals(2, behind.poll(entry -> { }, 2));

                journal.truncateAfter(3);
                assertEquals(4, ahead.nextOp());
                assertEquals(3, behind.nextOp());
                append(journal, 3, 4, 8);

                assertEntries(drain(ahead), 4, 8, views);
                assertEntries(drain(behind), 3, 8, views);
            }
        }
    }

    @Test
    void shouldApplyRepeatedReplacementsInOrder()
    {
        final long[] views = new long[30];
        Arrays.fill(views, 1, 3, 1);
        Arrays.fill(views, 3, 5, 2);
        Arrays.fill(views, 5, 16, 4);
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 10);
            journal.truncateAfter(4);
            append(journal, 2, 5, 12);
            journal.truncateAfter(2);
            append(journal, 2, 3, 4);
            journal.truncateAfter(4);
            journal.truncateAfter(4);
            append(journal, 4, 5, 15);
        }
        try (Journal journal = JournalFixtures.open(dir))
        {
            assertEquals(6 + 10, journal.recoveryReport().supersededEntries());
            assertEquals(2, journal.recoveryReport().truncationMarkers(), "truncating after lastOp writes no marker");
            assertEntries(readAll(journal, 1), 1, 15, views);
        }
    }

    @Test
    void shouldReplaceTheWholeLog()
    {
        final long[] views = new long[10];
        Arrays.fill(views, 5);
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 5);
            journal.truncateAfter(0);
            assertEquals(0, journal.lastOp());
            append(journal, 5, 1, 3);
        }
        try (Journal journal = JournalFixtures.open(dir))
        {
            assertEntries(readAll(journal, 1), 1, 3, views);
            assertThrows(IllegalArgumentException.class, () -> journal.truncateAfter(4));
            assertThrows(IllegalArgumentException.class, () -> journal.truncateAfter(-1));
        }
    }
}
