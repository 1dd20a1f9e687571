package io.anthill.replication.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.anthill.journal.Journal;
import io.anthill.replication.core.ViewStore;
import org.agrona.CloseHelper;

/**
 * The durable view record of one partition replica: a 128-byte file next to its journal, so that a group whose
 * replicas all restarted at once (a power loss, {@code cluster stop; start}) elects a primary again instead of waiting
 * in recovery for peers that never stopped (see {@link ViewStore}).
 *
 * <p>Two fixed 64-byte slots, each (sequence, view, last normal view, commit op, partition id, magic) with a CRC32C;
 * the valid slot with the higher sequence is the record. A write never touches the slot holding the last forced
 * record, so a torn write (power loss mid-write) leaves that one intact: it is detected by its checksum, reported and
 * never used. A file with no valid slot, of the wrong length or of another partition fails the start with a
 * {@link ViewRecordCorruptedException}.
 *
 * <p>{@link #persistView} forces the journal, writes the other slot and forces the file: one journal force and one
 * small {@code fdatasync} per view change. {@link #recordCommit} writes the other slot without forcing (the contract
 * allows a stale commit number) and records at most the journal's durable op, so a record on disk never claims a
 * commit the journal on disk lacks: a journal that opens shorter than the recorded commit lost durable entries.
 * Owned by the replication agent thread, like the journal; allocation-free after open.
 */
final class FileViewStore implements ViewStore, AutoCloseable
{
    static final String FILE_NAME = "view-record";
    static final int SLOT_BYTES = 64;
    static final int FILE_BYTES = 2 * SLOT_BYTES;

    private static final int SEQUENCE_OFFSET = 0;
    private static final int VIEW_OFFSET = 8;
    private static final int LAST_NORMAL_VIEW_OFFSET = 16;
    private static final int COMMIT_OP_OFFSET = 24;
    private static final int PARTITION_ID_OFFSET = 32;
    private static final int MAGIC_OFFSET = 36;
    private static final int CRC_OFFSET = 40;
    /** "AVR1" read as a little-endian int: tells a record from zeros or foreign bytes before the checksum does. */
    private static final int MAGIC = 0x31525641;

    private final Path file;
    private final int partitionId;
    private final Journal journal;
    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocateDirect(SLOT_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private final int tornSlots;
    private long view;
    private long lastNormalView;
    private long commitOp;
    private int forcedSlot;
    private long forcedSequence;
    private long writtenSequence;
    private long viewsPersisted;

    private FileViewStore(final Path file, final int partitionId, final Journal journal, final FileChannel channel)
        throws IOException
    {
        this.file = file;
        this.partitionId = partitionId;
        this.journal = journal;
        this.channel = channel;
        if (channel.size() != FILE_BYTES)
        {
            throw new ViewRecordCorruptedException(file, "length " + channel.size() + " bytes, expected " + FILE_BYTES);
        }
        final ByteBuffer contents = ByteBuffer.allocate(FILE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int read = 0;
        while (contents.hasRemaining() && read >= 0)
        {
            read = channel.read(contents, contents.position());
        }
        int torn = 0;
        int chosen = -1;
        for (int i = 0; i < 2; i++)
        {
            final int offset = i * SLOT_BYTES;
            if (!isValid(contents, offset))
            {
                torn += isZero(contents, offset) ? 0 : 1;
                continue;
            }
            if (contents.getInt(offset + PARTITION_ID_OFFSET) != partitionId)
            {
                throw new ViewRecordCorruptedException(file, "slot " + i + " belongs to partition " +
                    contents.getInt(offset + PARTITION_ID_OFFSET) + ", not " + partitionId);
            }
            if (chosen < 0 || contents.getLong(offset + SEQUENCE_OFFSET) > contents.getLong(chosen * SLOT_BYTES))
            {
                chosen = i;
            }
        }
        if (chosen < 0)
        {
            throw new ViewRecordCorruptedException(file, "no slot passes its CRC32C (" + torn + " damaged)");
        }
        final int offset = chosen * SLOT_BYTES;
        tornSlots = torn;
        forcedSlot = chosen;
        forcedSequence = contents.getLong(offset + SEQUENCE_OFFSET);
        writtenSequence = forcedSequence;
        view = contents.getLong(offset + VIEW_OFFSET);
        lastNormalView = contents.getLong(offset + LAST_NORMAL_VIEW_OFFSET);
        commitOp = contents.getLong(offset + COMMIT_OP_OFFSET);
        // what was read may have been an unforced commit write still in the page cache: make it the forced record
        channel.force(true);
    }

    /**
     * Writes a fresh record (view 0, nothing committed) for a replica that bootstraps a new group, replacing any
     * record there atomically (temporary file, force, rename, force the directory), and opens it.
     *
     * @param directory   the partition's directory.
     * @param partitionId the partition.
     * @param journal     the partition's journal, forced before every view record.
     * @return the open store.
     */
    static FileViewStore create(final Path directory, final int partitionId, final Journal journal)
    {
        final Path file = directory.resolve(FILE_NAME);
        final Path temporary = directory.resolve(FILE_NAME + ".tmp");
        try
        {
            Files.createDirectories(directory);
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer contents = ByteBuffer.allocate(FILE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                encode(contents, 0, new CRC32C(), 1, 0, 0, 0, partitionId);
                contents.clear();
                while (contents.hasRemaining())
                {
                    out.write(contents, contents.position());
                }
                out.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ))
            {
                dir.force(true);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create view record " + file, ex);
        }
        return open(directory, partitionId, journal);
    }

    /**
     * Opens the record of a restarting replica.
     *
     * @param directory   the partition's directory.
     * @param partitionId the partition.
     * @param journal     the partition's journal, forced before every view record.
     * @return the open store, or null when the directory has no record (a replica that never had one).
     * @throws ViewRecordCorruptedException when the file holds no valid record of this partition.
     */
    static FileViewStore open(final Path directory, final int partitionId, final Journal journal)
    {
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file))
        {
            return null;
        }
        FileChannel channel = null;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new FileViewStore(file, partitionId, journal, channel);
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            throw new UncheckedIOException("cannot open view record " + file, ex);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(channel);
            throw ex;
        }
    }

    @Override
    public boolean isDurable()
    {
        return true;
    }

    @Override
    public long view()
    {
        return view;
    }

    @Override
    public long lastNormalView()
    {
        return lastNormalView;
    }

    @Override
    public long commitOp()
    {
        return commitOp;
    }

    @Override
    public void persistView(final long view, final long lastNormalView)
    {
        // no monotonic check here: a replica recovering without its record (lost durable entries) starts from view 0
        // and may persist a view below the record's; the core decides, and this store records what it is given, as
        // the simulator's store does
        journal.forceNow();
        this.view = view;
        this.lastNormalView = lastNormalView;
        final int target = 1 - forcedSlot;
        final long sequence = writtenSequence + 1;
        write(target, sequence);
        try
        {
            channel.force(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot force view record " + file, ex);
        }
        forcedSlot = target;
        forcedSequence = sequence;
        writtenSequence = sequence;
        viewsPersisted++;
    }

    @Override
    public void recordCommit(final long commitOp)
    {
        final long durable = Math.min(commitOp, journal.durableOp());
        if (durable <= this.commitOp)
        {
            return;
        }
        this.commitOp = durable;
        // never over the forced slot: if this unforced write tears or is lost, the forced record still stands
        writtenSequence = forcedSequence + 1;
        write(1 - forcedSlot, writtenSequence);
    }

    private void write(final int slotIndex, final long sequence)
    {
        encode(slot, 0, crc, sequence, view, lastNormalView, commitOp, partitionId);
        slot.clear();
        final long position = (long)slotIndex * SLOT_BYTES;
        try
        {
            while (slot.hasRemaining())
            {
                channel.write(slot, position + slot.position());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write view record " + file, ex);
        }
    }

    private static void encode(
        final ByteBuffer buffer, final int offset, final CRC32C crc, final long sequence, final long view,
        final long lastNormalView, final long commitOp, final int partitionId)
    {
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence)
            .putLong(offset + VIEW_OFFSET, view)
            .putLong(offset + LAST_NORMAL_VIEW_OFFSET, lastNormalView)
            .putLong(offset + COMMIT_OP_OFFSET, commitOp)
            .putInt(offset + PARTITION_ID_OFFSET, partitionId)
            .putInt(offset + MAGIC_OFFSET, MAGIC);
        buffer.putInt(offset + CRC_OFFSET, checksum(buffer, offset, crc));
    }

    private static int checksum(final ByteBuffer buffer, final int offset, final CRC32C crc)
    {
        crc.reset();
        buffer.limit(offset + CRC_OFFSET).position(offset);
        crc.update(buffer);
        buffer.clear();
        return (int)crc.getValue();
    }

    private static boolean isValid(final ByteBuffer contents, final int offset)
    {
        return contents.getInt(offset + MAGIC_OFFSET) == MAGIC &&
            contents.getInt(offset + CRC_OFFSET) == checksum(contents, offset, new CRC32C()) &&
            contents.getLong(offset + SEQUENCE_OFFSET) > 0;
    }

    private static boolean isZero(final ByteBuffer contents, final int offset)
    {
        for (int i = 0; i < SLOT_BYTES; i++)
        {
            if (contents.get(offset + i) != 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return slots found damaged at open (a write torn by a crash): reported, never used.
     */
    int tornSlots()
    {
        return tornSlots;
    }

    /**
     * @return records forced by {@link #persistView} since open.
     */
    long viewsPersisted()
    {
        return viewsPersisted;
    }

    /**
     * @return the record's file.
     */
    Path file()
    {
        return file;
    }

    @Override
    public void close()
    {
        CloseHelper.quietClose(channel);
    }

    @Override
    public String toString()
    {
        return "view record " + file + ": view=" + view + " lnv=" + lastNormalView + " commit=" + commitOp;
    }
}
