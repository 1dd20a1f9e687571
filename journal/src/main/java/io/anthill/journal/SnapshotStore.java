package io.anthill.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The snapshots of one partition's state: one file per snapshot, named by partition and op, holding an SBE
 * SnapshotHeader (snapshot.xml) guarded by CRC32C, then the state bytes.
 *
 * <p>Why files and atomic renames: a snapshot is written once, read rarely (restart, state transfer) and must never
 * be seen half written. It is written to a temporary file, forced, renamed into place and the directory forced, so a
 * crash leaves either the whole snapshot or none (a leftover temporary file is deleted on open). Loading verifies the
 * checksum and falls back to an older snapshot when the newest is corrupt, which is why the store keeps the last
 * {@code keepCount}: the journal must keep every op after the oldest kept snapshot ({@link #retainJournal(Journal)}).
 *
 * <p>Thread safe by a monitor: the thread that takes snapshots writes them while a replication thread serves them to
 * peers and installs one received from a peer; both are rare, so contention is not a concern. Design:
 * docs/journal.md.
 */
public final class SnapshotStore implements AutoCloseable
{
    /**
     * Most snapshots a store keeps; each one pins the journal after its op.
     */
    public static final int MAX_KEEP_COUNT = 1024;

    /**
     * Largest state a snapshot holds, matching the SBE varData limit of the schemas (1 GiB).
     */
    public static final int MAX_STATE_LENGTH = 1 << 30;

    private static final String FILE_PREFIX = "snapshot-";
    private static final String FILE_SUFFIX = ".snapshot";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final int OP_DIGITS = 19;

    private final Path directory;
    private final int partitionId;
    private final int keepCount;
    private final String partitionPrefix;
    private final SnapshotCodec codec = new SnapshotCodec();
    private final ByteBuffer headerReadBuffer = ByteBuffer.allocateDirect(SnapshotCodec.HEADER_LENGTH);
    private final UnsafeBuffer headerReadView = new UnsafeBuffer(headerReadBuffer);
    private final int discardedTempFiles;
    private boolean closed;

    private SnapshotStore(final Path directory, final int partitionId, final int keepCount)
    {
        this.directory = directory;
        this.partitionId = partitionId;
        this.keepCount = keepCount;
        this.partitionPrefix = FILE_PREFIX + partitionId + "-";
        this.discardedTempFiles = deleteTempFiles();
    }

    /**
     * Opens the snapshot store of a partition, creating the directory if absent and deleting temporary files left by
     * a crash during a write.
     *
     * @param directory   where the snapshot files live; may be shared by several partitions.
     * @param partitionId the partition, &gt;= 0; stamped in and checked on every snapshot.
     * @param keepCount   how many snapshots to keep, 1 to {@link #MAX_KEEP_COUNT}; older ones are deleted on write.
     * @return the open store.
     */
    public static SnapshotStore open(final Path directory, final int partitionId, final int keepCount)
    {
        if (partitionId < 0)
        {
            throw new IllegalArgumentException("partitionId must be >= 0, was " + partitionId);
        }
        if (keepCount < 1 || keepCount > MAX_KEEP_COUNT)
        {
            throw new IllegalArgumentException("keepCount must be in [1, " + MAX_KEEP_COUNT + "], was " + keepCount);
        }
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create snapshot directory " + directory, ex);
        }
        return new SnapshotStore(directory, partitionId, keepCount);
    }

    /**
     * Writes a snapshot durably: header and state to a temporary file, force, atomic rename, force the directory;
     * then deletes all but the newest keepCount snapshots. A snapshot at an op already stored replaces it.
     *
     * @param view               the view of op.
     * @param op                 the last op applied to the state, &gt;= 0.
     * @param timestampNs        the primary's time stamp of op.
     * @param stateFormatVersion the state machine's own encoding version, checked by whoever restores.
     * @param state              the state bytes.
     * @param offset             where they start in state.
     * @param length             how many, at most {@link #MAX_STATE_LENGTH}.
     * @return the header of the written snapshot.
     */
    public synchronized SnapshotInfo write(
        final long view, final long op, final long timestampNs, final int stateFormatVersion,
        final DirectBuffer state, final int offset, final int length)
    {
        checkOpen();
        if (op < 0)
        {
            throw new IllegalArgumentException("snapshot op must be >= 0, was " + op);
        }
        if (length < 0 || length > MAX_STATE_LENGTH || offset < 0 || (long)offset + length > state.capacity())
        {
            throw new IllegalArgumentException("state [" + offset + ", +" + length + ") outside buffer of " +
                state.capacity() + " bytes or above " + MAX_STATE_LENGTH);
        }
        final Path file = fileOf(op);
        final Path temp = directory.resolve(file.getFileName() + TEMP_SUFFIX);
        try
        {
            try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                codec.beginHeader(partitionId, view, op, timestampNs, stateFormatVersion, length);
                long position = SnapshotCodec.HEADER_LENGTH;
                int written = 0;
                while (written < length)
                {
                    final ByteBuffer chunk = codec.stateChunk(state, offset + written, length - written);
                    final int chunkLength = chunk.remaining();
                    writeFully(channel, chunk, position);
                    position += chunkLength;
                    written += chunkLength;
                }
                writeFully(channel, codec.finishHeader(), 0);
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot " + file, ex);
        }
        prune();
        return new SnapshotInfo(partitionId, view, op, timestampNs, stateFormatVersion, length, file);
    }

    /**
     * Stores a snapshot received whole from a peer (header, then state, as {@link #loadLatest} reads files) once it
     * verifies: its checksum, and that it is this partition's. It is then written like a snapshot taken here.
     *
     * @param file   the received bytes, from offset 0.
     * @param length how many.
     * @return the header of the stored snapshot.
     * @throws SnapshotCorruptedException when the bytes fail verification: nothing is stored.
     */
    public synchronized SnapshotInfo install(final ExpandableArrayBuffer file, final int length)
    {
        checkOpen();
        final Path source = directory.resolve("received-from-peer");
        if (codec.wrapHeader(file, length) < 0)
        {
            throw new SnapshotCorruptedException(source, "not a snapshot header (" + length + " bytes)");
        }
        final long op = codec.decoder().op();
        final int stateOffset = codec.verify(file, length, source, partitionId, op);
        final SnapshotInfo received = codec.info(source);
        return write(received.view(), op, received.timestampNs(), received.stateFormatVersion(), file, stateOffset,
            length - stateOffset);
    }

    /**
     * Lists the snapshots on disk, newest (highest op) first. Headers are read but checksums are not verified; a
     * file whose header cannot be read is listed with -1 in the header fields, so nothing on disk is hidden.
     *
     * @return the snapshots, newest first.
     */
    public synchronized List<SnapshotInfo> list()
    {
        checkOpen();
        final List<Path> files = filesNewestFirst();
        final List<SnapshotInfo> infos = new ArrayList<>(files.size());
        for (final Path file : files)
        {
            infos.add(readInfo(file));
        }
        return infos;
    }

    /**
     * Loads the newest snapshot that verifies. Newer ones that fail verification are skipped and named in
     * {@link LoadedSnapshot#skippedCorrupt()}.
     *
     * @param into receives the whole snapshot file; the state is at {@link LoadedSnapshot#stateOffset()}.
     * @return the loaded snapshot, or null when no snapshot verifies (or there is none).
     */
    public synchronized LoadedSnapshot loadLatest(final ExpandableArrayBuffer into)
    {
        checkOpen();
        List<String> skipped = null;
        for (final Path file : filesNewestFirst())
        {
            try
            {
                final LoadedSnapshot loaded = loadFile(file, opOf(file), into);
                return null == skipped ? loaded :
                    new LoadedSnapshot(loaded.info(), loaded.stateOffset(), loaded.stateLength(), List.copyOf(skipped));
            }
            catch (final SnapshotCorruptedException ex)
            {
                skipped = null == skipped ? new ArrayList<>() : skipped;
                skipped.add(ex.getMessage());
            }
        }
        return null;
    }

    /**
     * Loads and verifies the snapshot taken at op.
     *
     * @param op   the snapshot's op.
     * @param into receives the whole snapshot file; the state is at {@link LoadedSnapshot#stateOffset()}.
     * @return the loaded snapshot.
     * @throws SnapshotCorruptedException naming the file and why, when it fails verification.
     * @throws IllegalArgumentException   when there is no snapshot at op.
     */
    public synchronized LoadedSnapshot load(final long op, final ExpandableArrayBuffer into)
    {
        checkOpen();
        final Path file = fileOf(op);
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("no snapshot at op " + op + " of partition " + partitionId + " in " + directory);
        }
        return loadFile(file, op, into);
    }

    /**
     * @return the op in the newest snapshot file's name, 0 when there is none; nothing is read or verified, so a
     * caller can poll it to notice a new snapshot cheaply.
     */
    public synchronized long newestOp()
    {
        checkOpen();
        final List<Path> files = filesNewestFirst();
        return files.isEmpty() ? 0 : opOf(files.get(0));
    }

    /**
     * @return the op of the oldest kept snapshot, 0 when there is none: the journal must keep every op after it.
     */
    public synchronized long oldestRetainedOp()
    {
        checkOpen();
        final List<Path> files = filesNewestFirst();
        return files.isEmpty() ? 0 : opOf(files.get(files.size() - 1));
    }

    /**
     * Retention: deletes the journal's cycle files that hold only ops at or before the oldest kept snapshot, since
     * even the fallback snapshot needs only the ops after it. Does nothing while there is no snapshot.
     *
     * @param journal the same partition's journal, opened for writing.
     */
    public synchronized void retainJournal(final Journal journal)
    {
        checkOpen();
        if (journal.partitionId() != partitionId)
        {
            throw new IllegalArgumentException("journal of partition " + journal.partitionId() + " given to the snapshot store of " +
                partitionId);
        }
        final long oldest = oldestRetainedOp();
        if (oldest > 0)
        {
            journal.deleteBefore(Math.min(oldest + 1, journal.lastOp() + 1));
        }
    }

    /**
     * @return the directory holding the snapshot files.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return how many temporary files of interrupted writes {@link #open(Path, int, int)} deleted.
     */
    public int discardedTempFiles()
    {
        return discardedTempFiles;
    }

    /**
     * Closes the store; later calls fail. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        closed = true;
    }

    private LoadedSnapshot loadFile(final Path file, final long op, final ExpandableArrayBuffer into)
    {
        final int fileLength;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size > (long)SnapshotCodec.HEADER_LENGTH + MAX_STATE_LENGTH + Short.MAX_VALUE)
            {
                throw new SnapshotCorruptedException(file, "file of " + size + " bytes exceeds the largest snapshot");
            }
            fileLength = (int)size;
            into.checkLimit(fileLength);
            final ByteBuffer target = ByteBuffer.wrap(into.byteArray(), 0, fileLength);
            while (target.hasRemaining())
            {
                if (channel.read(target) < 0)
                {
                    throw new SnapshotCorruptedException(file, "file shrank while being read");
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read snapshot " + file, ex);
        }
        final int stateOffset = codec.verify(into, fileLength, file, partitionId, op);
        return new LoadedSnapshot(codec.info(file), stateOffset, fileLength - stateOffset, List.of());
    }

    private SnapshotInfo readInfo(final Path file)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            headerReadBuffer.clear();
            while (headerReadBuffer.hasRemaining() && channel.read(headerReadBuffer) >= 0)
            {
                continue;
            }
            if (codec.wrapHeader(headerReadView, headerReadBuffer.position()) >= 0)
            {
                return codec.info(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read snapshot " + file, ex);
        }
        return new SnapshotInfo(-1, -1, opOf(file), -1, -1, -1, file);
    }

    private void prune()
    {
        final List<Path> files = filesNewestFirst();
        if (files.size() <= keepCount)
        {
            return;
        }
        try
        {
            for (int i = keepCount; i < files.size(); i++)
            {
                Files.deleteIfExists(files.get(i));
            }
            forceDirectory();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete old snapshots in " + directory, ex);
        }
    }

    private List<Path> filesNewestFirst()
    {
        final List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, partitionPrefix + "*" + FILE_SUFFIX))
        {
            for (final Path file : stream)
            {
                if (opOf(file) >= 0)
                {
                    files.add(file);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list snapshots in " + directory, ex);
        }
        // names carry the op zero-padded to a fixed width, so name order is op order
        files.sort(Collections.reverseOrder());
        return files;
    }

    private int deleteTempFiles()
    {
        int deleted = 0;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, partitionPrefix + "*" + FILE_SUFFIX + TEMP_SUFFIX))
        {
            for (final Path file : stream)
            {
                Files.deleteIfExists(file);
                deleted++;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete temporary snapshot files in " + directory, ex);
        }
        return deleted;
    }

    private Path fileOf(final long op)
    {
        final String digits = Long.toString(op);
        return directory.resolve(partitionPrefix + "0".repeat(Math.max(0, OP_DIGITS - digits.length())) + digits + FILE_SUFFIX);
    }

    /**
     * @return the op in a snapshot file's name, or -1 when the name is not one of this partition's snapshots.
     */
    private long opOf(final Path file)
    {
        final String name = file.getFileName().toString();
        final int start = partitionPrefix.length();
        final int end = name.length() - FILE_SUFFIX.length();
        if (!name.startsWith(partitionPrefix) || !name.endsWith(FILE_SUFFIX) || end - start != OP_DIGITS)
        {
            return -1;
        }
        for (int i = start; i < end; i++)
        {
            if (!Character.isDigit(name.charAt(i)))
            {
                return -1;
            }
        }
        return Long.parseLong(name, start, end, 10);
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
    }

    private static void writeFully(final FileChannel channel, final ByteBuffer source, final long position) throws IOException
    {
        long at = position;
        while (source.hasRemaining())
        {
            at += channel.write(source, at);
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("snapshot store of partition " + partitionId + " is closed");
        }
    }
}
