package io.anthill.journal;

import static io.anthill.journal.JournalFixtures.append;
import static io.anthill.journal.JournalFixtures.assertEntries;
import static io.anthill.journal.JournalFixtures.readAll;
import static io.anthill.journal.JournalFixtures.views;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import net.openhft.chronicle.core.time.SetTimeProvider;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that installs a peer's snapshot stores the received file only if it verifies, and restarts its journal
 * after the snapshot's op durably: a reopened journal continues there, whatever it held before.
 */
class SnapshotInstallTest
{
    private static final long SECOND_MS = 1000;

    @TempDir
    Path dir;

    private final SetTimeProvider chronicleTime = new SetTimeProvider("2026-11-25T00:00:00");

    private JournalContext context()
    {
        return JournalFixtures.secondlyContext(dir.resolve("journal"), chronicleTime);
    }

    @Test
    void shouldRestartTheLogAfterAnInstalledSnapshotAndKeepItAcrossReopen() throws IOException
    {
        try (Journal journal = Journal.open(context()))
        {
            append(journal, 1, 1, 5);
            journal.endBatch();
            chronicleTime.advanceMillis(SECOND_MS);
            append(journal, 2, 6, 8);
            journal.endBatch();
            assertEquals(2, cycleFiles());

            journal.restartAfter(40, 3);

            assertEquals(41, journal.firstOp());
            assertEquals(40, journal.lastOp());
            assertEquals(40, journal.durableOp());
            assertEquals(3, journal.lastView());
            assertEquals(1, cycleFiles(), "every cycle before the marker's is deleted");
            assertThrows(IllegalArgumentException.class, () -> append(journal, 3, 9, 9));
            append(journal, 3, 41, 44);
            journal.endBatch();
            assertEntries(readAll(journal, 41), 41, 44, views(50, 3));
        }
        try (Journal journal = Journal.open(context()))
        {
            assertEquals(41, journal.firstOp());
            assertEquals(44, journal.lastOp());
            assertEntries(readAll(journal, 41), 41, 44, views(50, 3));
            assertEquals(3, journal.recoveryReport().supersededEntries(), "ops 6-8 of the marker's cycle are superseded");
        }
    }

    @Test
    void shouldReopenAnEmptyLogThatRestartedAfterASnapshot()
    {
        try (Journal journal = Journal.open(context()))
        {
            append(journal, 1, 1, 3);
            journal.restartAfter(10, 2);
        }
        try (Journal journal = Journal.open(context()))
        {
            assertEquals(11, journal.firstOp());
            assertEquals(10, journal.lastOp());
            assertEquals(2, journal.lastView());
            append(journal, 2, 11, 11);
            assertEquals(11, journal.lastOp());
        }
    }

    @Test
    void shouldStoreAVerifiedSnapshotReceivedFromAPeer()
    {
        final ExpandableArrayBuffer received = new ExpandableArrayBuffer();
        final UnsafeBuffer state = SnapshotStoreTest.state(5000, 9);
        final int length;
        try (SnapshotStore peer = SnapshotStore.open(dir.resolve("peer"), JournalFixtures.PARTITION, 1))
        {
            peer.write(4, 77, 123, 1, state, 0, 5000);
            final LoadedSnapshot loaded = peer.loadLatest(received);
            length = loaded.stateOffset() + loaded.stateLength();
        }
        try (SnapshotStore mine = SnapshotStore.open(dir.resolve("mine"), JournalFixtures.PARTITION, 1))
        {
            final SnapshotInfo info = mine.install(received, length);
            assertEquals(77, info.op());
            assertEquals(4, info.view());
            final ExpandableArrayBuffer into = new ExpandableArrayBuffer();
            final LoadedSnapshot loaded = mine.loadLatest(into);
            assertEquals(77, loaded.info().op());
            assertEquals(123, loaded.info().timestampNs());
            final byte[] expected = new byte[5000];
            final byte[] actual = new byte[5000];
            state.getBytes(0, expected);
            into.getBytes(loaded.stateOffset(), actual);
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void shouldRefuseAReceivedSnapshotThatFailsItsChecksumOrBelongsToAnotherPartition()
    {
        final ExpandableArrayBuffer received = new ExpandableArrayBuffer();
        final int length;
        try (SnapshotStore peer = SnapshotStore.open(dir.resolve("peer"), JournalFixtures.PARTITION + 1, 1))
        {
            peer.write(1, 5, 0, 1, SnapshotStoreTest.state(100, 1), 0, 100);
            final LoadedSnapshot loaded = peer.loadLatest(received);
            length = loaded.stateOffset() + loaded.stateLength();
        }
        try (SnapshotStore mine = SnapshotStore.open(dir.resolve("mine"), JournalFixtures.PARTITION, 1))
        {
            assertThrows(SnapshotCorruptedException.class, () -> mine.install(received, length), "other partition");
            assertThrows(SnapshotCorruptedException.class, () -> mine.install(received, 10), "too short");
            assertEquals(0, mine.list().size());
        }
        try (SnapshotStore peer = SnapshotStore.open(dir.resolve("peer2"), JournalFixtures.PARTITION, 1))
        {
            peer.write(1, 5, 0, 1, SnapshotStoreTest.state(100, 1), 0, 100);
            peer.loadLatest(received);
        }
        received.putByte(length - 1, (byte)(received.getByte(length - 1) ^ 1));
        try (SnapshotStore mine = SnapshotStore.open(dir.resolve("mine"), JournalFixtures.PARTITION, 1))
        {
            assertThrows(SnapshotCorruptedException.class, () -> mine.install(received, length), "flipped bit");
            assertEquals(0, mine.list().size());
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
