package io.anthill.replication.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The view record file over a real Chronicle journal: what is persisted survives a reopen, persisting forces the
 * journal first, a recorded commit never runs ahead of the journal's durable op, and a damaged file is either
 * survived from its other, forced slot or refused with a typed error, never used.
 */
class FileViewStoreTest
{
    private static final int PARTITION = 3;

    @TempDir
    Path dir;

    private Journal journal;
    private FileViewStore store;

    @BeforeEach
    void openJournal()
    {
        // NONE: only an explicit force makes entries durable, so the test sees the store force the journal
        journal = Journal.open(new JournalContext().directory(dir.resolve("journal")).partitionId(PARTITION)
            .durability(DurabilityPolicy.NONE));
    }

    @AfterEach
    void close()
    {
        CloseHelper.quietCloseAll(store, journal);
    }

    @Test
    void shouldRoundTripAndSurviveReopen()
    {
        store = FileViewStore.create(dir, PARTITION, journal);
        assertTrue(store.isDurable());
        assertEquals(0, store.view());
        append(3);
        assertEquals(0, journal.durableOp());

        store.persistView(2, 1);
        assertEquals(3, journal.durableOp(), "the journal is forced before the view is recorded");
        store.recordCommit(3);
        store.persistView(4, 4);
        store.close();

        store = FileViewStore.open(dir, PARTITION, journal);
        assertEquals(4, store.view());
        assertEquals(4, store.lastNormalView());
        assertEquals(3, store.commitOp());
        assertEquals(0, store.tornSlots());
    }

    @Test
    void shouldKeepARecordedCommitWithoutAForceAndNeverAheadOfTheDurableJournal()
    {
        store = FileViewStore.create(dir, PARTITION, journal);
        append(5);
        store.recordCommit(5);
        assertEquals(0, store.commitOp(), "nothing durable yet: a commit record could outrun the journal on disk");
        journal.forceNow();
        store.recordCommit(4);
        store.close();

        store = FileViewStore.open(dir, PARTITION, journal);
        assertEquals(4, store.commitOp(), "written without a force, read back after a clean stop");
        assertEquals(0, store.view());
    }

    @Test
    void shouldUseTheForcedSlotWhenACommitWriteWasTorn() throws IOException
    {
        store = FileViewStore.create(dir, PARTITION, journal);
        append(2);
        store.persistView(1, 1);
        store.recordCommit(2);
        final int commitSlot = newestSlot();
        store.close();
        tear(commitSlot);

        store = FileViewStore.open(dir, PARTITION, journal);
        assertEquals(1, store.tornSlots(), "the torn slot is detected and reported");
        assertEquals(1, store.view(), "the forced record stands");
        assertEquals(1, store.lastNormalView());
        assertEquals(0, store.commitOp(), "the torn commit write is not used");
    }

    @Test
    void shouldFallBackToThePreviousViewWhenTheViewWriteWasTorn() throws IOException
    {
        store = FileViewStore.create(dir, PARTITION, journal);
        store.persistView(1, 1);
        store.persistView(2, 1);
        final int viewSlot = newestSlot();
        store.close();
        tear(viewSlot);

        // the torn write's persistView never returned, so the replica never acted in view 2
        store = FileViewStore.open(dir, PARTITION, journal);
        assertEquals(1, store.tornSlots());
        assertEquals(1, store.view());
        store.persistView(3, 3);
        store.close();
        store = FileViewStore.open(dir, PARTITION, journal);
        assertEquals(3, store.view());
        assertEquals(0, store.tornSlots(), "the next record overwrote the torn slot");
    }

    @Test
    void shouldRefuseAFileWithNoValidSlot() throws IOException
    {
        store = FileViewStore.create(dir, PARTITION, journal);
        store.persistView(1, 1);
        store.close();
        tear(0);
        tear(1);

        final ViewRecordCorruptedException ex = assertThrows(ViewRecordCorruptedException.class,
            () -> FileViewStore.open(dir, PARTITION, journal));
        assertEquals(dir.resolve(FileViewStore.FILE_NAME), ex.file());
        assertTrue(ex.getMessage().contains("CRC32C"), ex.getMessage());
    }

    @Test
    void shouldRefuseATruncatedFileAndAnotherPartitionsRecord() throws IOException
    {
        store = FileViewStore.create(dir, PARTITION, journal);
        store.close();
        assertThrows(ViewRecordCorruptedException.class, () -> FileViewStore.open(dir, PARTITION + 1, journal));

        try (FileChannel channel = FileChannel.open(dir.resolve(FileViewStore.FILE_NAME), StandardOpenOption.WRITE))
        {
            channel.truncate(FileViewStore.SLOT_BYTES + 10);
        }
        final ViewRecordCorruptedException ex = assertThrows(ViewRecordCorruptedException.class,
            () -> FileViewStore.open(dir, PARTITION, journal));
        assertTrue(ex.getMessage().contains("length"), ex.getMessage());
    }

    @Test
    void shouldReportNoRecordWhenThereIsNone()
    {
        assertNull(FileViewStore.open(dir, PARTITION, journal));
    }

    private void append(final int count)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[8]);
        for (int i = 0; i < count; i++)
        {
            journal.append(0, journal.lastOp() + 1, i, body, 0, body.capacity());
        }
    }

    /**
     * @return the slot with the higher sequence, read from the file as a test sees it.
     */
    private int newestSlot() throws IOException
    {
        final ByteBuffer contents = ByteBuffer.allocate(FileViewStore.FILE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(dir.resolve(FileViewStore.FILE_NAME), StandardOpenOption.READ))
        {
            channel.read(contents, 0);
        }
        return contents.getLong(FileViewStore.SLOT_BYTES) > contents.getLong(0) ? 1 : 0;
    }

    /**
     * What a write cut short by a power loss leaves: the slot's first half new, its second half garbage.
     */
    private void tear(final int slot) throws IOException
    {
        try (FileChannel channel = FileChannel.open(dir.resolve(FileViewStore.FILE_NAME), StandardOpenOption.WRITE))
        {
            final ByteBuffer garbage = ByteBuffer.wrap(new byte[] {7, 7, 7, 7, 7, 7, 7, 7});
            channel.write(garbage, (long)slot * FileViewStore.SLOT_BYTES + 16);
        }
    }
}
