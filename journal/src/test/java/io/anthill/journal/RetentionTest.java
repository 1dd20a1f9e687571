package io.anthill.journal;

import static io.anthill.journal.JournalFixtures.append;
import static io.anthill.journal.JournalFixtures.assertEntries;
import static io.anthill.journal.JournalFixtures.readAll;
import static io.anthill.journal.JournalFixtures.views;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal cycles wholly before the oldest kept snapshot are deleted; everything a kept snapshot needs stays. Chronicle
 * rolls files on a driven clock (one file per second of its time), so nothing waits.
 */
class RetentionTest
{
    private static final long SECOND_MS = 1000;

    @TempDir
    Path dir;

    private final SetTimeProvider chronicleTime = new SetTimeProvider("2026-11-25T00:00:00");

    private JournalContext context()
    {
        return JournalFixtures.secondlyContext(dir.resolve("journal"), chronicleTime);
    }

    /**
     * Four cycle files: ops 1-5, 6-10, 11-15, 16-20.
     */
    private void appendFourCycles(final Journal journal)
    {
        for (int cycle = 0; cycle < 4; cycle++)
        {
            append(journal, 1, cycle * 5 + 1, cycle * 5 + 5);
            journal.endBatch();
            chronicleTime.advanceMillis(SECOND_MS);
        }
    }

    @Test
    void shouldDeleteOnlyCyclesWhollyBeforeTheOldestKeptSnapshot() throws IOException
    {
        try (Journal journal = Journal.open(context());
            SnapshotStore snapshots = SnapshotStore.open(dir.resolve("snapshots"), JournalFixtures.PARTITION, 2))
        {
            appendFourCycles(journal);
            assertEquals(4, cycleFiles());

            snapshots.retainJournal(journal);
            assertEquals(1, journal.firstOp(), "no snapshot, nothing deleted");

            snapshots.write(1, 7, 0, 1, SnapshotStoreTest.state(8, 1), 0, 8);
            snapshots.write(1, 13, 0, 1, SnapshotStoreTest.state(8, 2), 0, 8);
            snapshots.retainJournal(journal);
            assertEquals(6, journal.firstOp(), "the fallback snapshot at op 7 needs ops 8 on: cycle 6-10 stays");
            assertEquals(3, cycleFiles());

            snapshots.write(1, 15, 0, 1, SnapshotStoreTest.state(8, 3), 0, 8);
            snapshots.retainJournal(journal);
            assertEquals(11, journal.firstOp(), "oldest kept is op 13: cycle 11-15 holds op 14, it stays");
            assertEquals(2, cycleFiles());
            assertEntries(readAll(journal, 11), 11, 20, views(30, 1));
            assertThrows(IllegalArgumentException.class, () -> journal.reader(10));

            append(journal, 1, 21, 22);
            snapshots.write(1, 22, 0, 1, SnapshotStoreTest.state(8, 4), 0, 8);
            snapshots.retainJournal(journal);
            assertEquals(16, journal.firstOp());
        }
        try (Journal journal = Journal.open(context());
            SnapshotStore snapshots = SnapshotStore.open(dir.resolve("snapshots"), JournalFixtures.PARTITION, 2))
        {
            assertEquals(16, journal.firstOp());
            assertEquals(22, journal.lastOp());
            assertEntries(readAll(journal, 16), 16, 22, views(30, 1));
            assertEquals(22, snapshots.loadLatest(new ExpandableArrayBuffer()).info().op());
            assertEquals(15, snapshots.oldestRetainedOp());
        }
    }

    @Test
    void shouldReopenWhenTheFirstKeptCycleStartsWithASuffixReplacement()
    {
        try (Journal journal = Journal.open(context()))
        {
            append(journal, 1, 1, 5);
            journal.endBatch();
            chronicleTime.advanceMillis(SECOND_MS);
            journal.truncateAfter(4);
            append(journal, 2, 5, 8);
            journal.endBatch();
            chronicleTime.advanceMillis(SECOND_MS);
            append(journal, 2, 9, 9);
            journal.deleteBefore(7);
            assertEquals(5, journal.firstOp());
        }
        try (Journal journal = Journal.open(context()))
        {
            assertEquals(5, journal.firstOp());
            assertEquals(9, journal.lastOp());
            assertEntries(readAll(journal, 5), 5, 9, views(10, 2));
        }
    }

    private long cycleFiles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve("journal")))
        {
            return files.filter(file -> file.toString().endsWith(".cq4")).count();
        }
    }
}
