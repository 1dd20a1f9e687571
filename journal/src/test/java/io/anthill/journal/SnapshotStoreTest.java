package io.anthill.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest
{
    private static final int PARTITION = 7;

    @TempDir
    Path dir;

    private final ExpandableArrayBuffer into = new ExpandableArrayBuffer(16);

    @Test
    void shouldRoundTripHeaderAndStateFromHeapBuffer()
    {
        try (SnapshotStore store = SnapshotStore.open(dir.resolve("snapshots"), PARTITION, 3))
        {
            final UnsafeBuffer state = state(1000, 5);
            final SnapshotInfo written = store.write(4, 42, 123_456_789L, 3, state, 10, 900);

            final LoadedSnapshot loaded = store.load(42, into);

            assertEquals(new SnapshotInfo(PARTITION, 4, 42, 123_456_789L, 3, 900, written.file()), loaded.info());
            assertEquals(900, loaded.stateLength());
            assertTrue(loaded.skippedCorrupt().isEmpty());
            assertStateEquals(state, 10, 900, loaded);
        }
    }

    @Test
    void shouldRoundTripStateFromDirectByteBufferWithOffset()
    {
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 3))
        {
            final ByteBuffer byteBuffer = ByteBuffer.allocateDirect(4096);
            final UnsafeBuffer state = new UnsafeBuffer(byteBuffer, 100, 3000);
            fill(state, 0, 3000, 9);

            store.write(1, 2, 3, 1, state, 50, 2900);

            assertStateEquals(state, 50, 2900, store.loadLatest(into));
        }
    }

    @Test
    void shouldRoundTripLargeStateFromRawMemoryInChunks()
    {
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 3))
        {
            final int length = 300_000;
            final ByteBuffer backing = ByteBuffer.allocateDirect(length);
            final UnsafeBuffer state = new UnsafeBuffer(BufferUtil.address(backing), length);
            fill(state, 0, length, 11);

            store.write(1, 9, 3, 1, state, 0, length);

            assertStateEquals(state, 0, length, store.load(9, into));
        }
    }

    @Test
    void shouldListNewestFirstAndKeepOnlyTheNewestKeepCount()
    {
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 2))
        {
            assertEquals(0, store.oldestRetainedOp());
            store.write(1, 10, 100, 1, state(16, 1), 0, 16);
            store.write(1, 9, 90, 1, state(16, 1), 0, 16);
            assertEquals(9, store.oldestRetainedOp());

            store.write(2, 30, 300, 1, state(16, 2), 0, 16);
            store.write(2, 20, 200, 1, state(16, 3), 0, 16);

            final List<SnapshotInfo> infos = store.list();
            assertEquals(2, infos.size());
            assertEquals(30, infos.get(0).op());
            assertEquals(20, infos.get(1).op());
            assertEquals(200, infos.get(1).timestampNs());
            assertEquals(20, store.oldestRetainedOp());
            assertFalse(Files.exists(infos.get(0).file().resolveSibling("snapshot-7-0000000000000000010.snapshot")));
        }
    }

    @Test
    void shouldFallBackToPreviousValidSnapshotWhenNewestIsCorrupt() throws IOException
    {
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 3))
        {
            final UnsafeBuffer older = state(64, 1);
            store.write(1, 10, 100, 1, older, 0, 64);
            final SnapshotInfo newest = store.write(1, 20, 200, 1, state(64, 2), 0, 64);
            flipByte(newest.file(), SnapshotCodec.HEADER_LENGTH + 17);

            final LoadedSnapshot loaded = store.loadLatest(into);

            assertNotNull(loaded);
            assertEquals(10, loaded.info().op());
            assertStateEquals(older, 0, 64, loaded);
            assertEquals(1, loaded.skippedCorrupt().size());
            final String report = loaded.skippedCorrupt().get(0);
            assertTrue(report.contains(newest.file().toString()) && report.contains("checksum mismatch"), report);

            final SnapshotCorruptedException ex = assertThrows(SnapshotCorruptedException.class, () -> store.load(20, into));
            assertEquals(newest.file(), ex.file());
        }
    }

    @Test
    void shouldSkipTruncatedAndForeignNewerSnapshots() throws IOException
    {
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 5))
        {
            store.write(1, 10, 100, 1, state(64, 1), 0, 64);
            final SnapshotInfo torn = store.write(1, 20, 200, 1, state(64, 2), 0, 64);
            final SnapshotInfo shortHeader = store.write(1, 30, 300, 1, state(64, 3), 0, 64);
            truncate(torn.file(), SnapshotCodec.HEADER_LENGTH + 10);
            truncate(shortHeader.file(), 5);

            final List<SnapshotInfo> infos = store.list();
            assertEquals(3, infos.size());
            assertEquals(-1, infos.get(0).stateLength(), "unreadable header listed with -1 fields");
            assertEquals(30, infos.get(0).op());

            final LoadedSnapshot loaded = store.loadLatest(into);
            assertEquals(10, loaded.info().op());
            assertEquals(2, loaded.skippedCorrupt().size());
            assertTrue(loaded.skippedCorrupt().get(0).contains(shortHeader.file().getFileName().toString()));
            assertTrue(loaded.skippedCorrupt().get(1).contains("state bytes"), loaded.skippedCorrupt().get(1));
        }
    }

    @Test
    void shouldReturnNullWhenNoSnapshotIsValid() throws IOException
    {
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 2))
        {
            assertNull(store.loadLatest(into));
            final SnapshotInfo only = store.write(1, 5, 50, 1, state(8, 1), 0, 8);
            flipByte(only.file(), 20);
            assertNull(store.loadLatest(into));
        }
    }

    @Test
    void shouldRejectLoadOfAbsentOp()
    {
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 2))
        {
            store.write(1, 5, 50, 1, state(8, 1), 0, 8);
            assertThrows(IllegalArgumentException.class, () -> store.load(6, into));
        }
    }

    @Test
    void shouldDeleteTemporaryFileOfInterruptedWriteOnOpen() throws IOException
    {
        Files.write(dir.resolve("snapshot-7-0000000000000000005.snapshot.tmp"), new byte[10]);
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 2))
        {
            assertEquals(1, store.discardedTempFiles());
            assertTrue(store.list().isEmpty());
            assertFalse(Files.exists(dir.resolve("snapshot-7-0000000000000000005.snapshot.tmp")));
        }
    }

    @Test
    void shouldKeepPartitionsSharingADirectoryApart() throws IOException
    {
        try (SnapshotStore one = SnapshotStore.open(dir, 1, 1);
            SnapshotStore two = SnapshotStore.open(dir, 2, 1))
        {
            one.write(1, 10, 0, 1, state(8, 1), 0, 8);
            two.write(1, 20, 0, 1, state(8, 2), 0, 8);
            two.write(1, 21, 0, 1, state(8, 2), 0, 8);

            assertEquals(10, one.oldestRetainedOp());
            assertEquals(1, one.list().size());
            assertEquals(21, two.loadLatest(into).info().op());
            // a file renamed to another partition's name fails its partition check
            Files.copy(one.list().get(0).file(), dir.resolve("snapshot-2-0000000000000000030.snapshot"));
            final LoadedSnapshot loaded = two.loadLatest(into);
            assertEquals(21, loaded.info().op());
            assertTrue(loaded.skippedCorrupt().get(0).contains("partition 1"), loaded.skippedCorrupt().get(0));
        }
    }

    @Test
    void shouldReplaceSnapshotAtTheSameOp()
    {
        try (SnapshotStore store = SnapshotStore.open(dir, PARTITION, 2))
        {
            store.write(1, 5, 50, 1, state(8, 1), 0, 8);
            final UnsafeBuffer second = state(32, 2);
            store.write(2, 5, 51, 2, second, 0, 32);

            final LoadedSnapshot loaded = store.load(5, into);
            assertEquals(2, loaded.info().view());
            assertStateEquals(second, 0, 32, loaded);
            assertEquals(1, store.list().size());
        }
    }

    @Test
    void shouldRejectInvalidSettingsAndUseAfterClose()
    {
        assertThrows(IllegalArgumentException.class, () -> SnapshotStore.open(dir, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> SnapshotStore.open(dir, 1, 0));
        final SnapshotStore store = SnapshotStore.open(dir, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> store.write(1, -1, 0, 1, state(8, 1), 0, 8));
        assertThrows(IllegalArgumentException.class, () -> store.write(1, 1, 0, 1, state(8, 1), 4, 8));
        store.close();
        assertThrows(IllegalStateException.class, store::list);
    }

    static UnsafeBuffer state(final int length, final int seed)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        fill(buffer, 0, length, seed);
        return buffer;
    }

    static void fill(final UnsafeBuffer buffer, final int offset, final int length, final int seed)
    {
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(offset + i, (byte)(i * 31 + seed));
        }
    }

    private void assertStateEquals(final DirectBuffer expected, final int offset, final int length, final LoadedSnapshot loaded)
    {
        assertNotNull(loaded);
        assertEquals(length, loaded.stateLength());
        for (int i = 0; i < length; i++)
        {
            if (expected.getByte(offset + i) != into.getByte(loaded.stateOffset() + i))
            {
                throw new AssertionError("state differs at byte " + i);
            }
        }
    }

    static void flipByte(final Path file, final int position) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        bytes[position] ^= 0x10;
        Files.write(file, bytes);
    }

    static void truncate(final Path file, final int length) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, length));
    }
}
