package io.anthill.replication.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * A node's counters in a memory-mapped file, the way Aeron keeps its driver's: the node writes through a
 * {@link CountersManager}, and an outside tool ({@code scripts/stat}) maps the same file read-only and reads every
 * counter with a {@link CountersReader} without touching the process. Layout: the metadata section, then the values.
 */
public final class CountersFile implements AutoCloseable
{
    /** File name inside a host's data directory. */
    public static final String FILE_NAME = "counters.dat";
    /** Counters the file has room for. */
    public static final int COUNTERS_MAX = 1024;
    private static final int VALUES_LENGTH = COUNTERS_MAX * CountersReader.COUNTER_LENGTH;
    private static final int METADATA_LENGTH = COUNTERS_MAX * CountersReader.METADATA_LENGTH;

    private final MappedByteBuffer mapped;
    private final UnsafeBuffer metadata;
    private final UnsafeBuffer values;

    private CountersFile(final MappedByteBuffer mapped)
    {
        this.mapped = mapped;
        this.metadata = new UnsafeBuffer(mapped, 0, METADATA_LENGTH);
        this.values = new UnsafeBuffer(mapped, METADATA_LENGTH, VALUES_LENGTH);
    }

    /**
     * Creates (replacing any old one) the counters file of a running node.
     *
     * @param dataDirectory the host's data directory.
     * @return the file, mapped read-write.
     */
    public static CountersFile create(final Path dataDirectory)
    {
        try
        {
            Files.createDirectories(dataDirectory);
            final File file = dataDirectory.resolve(FILE_NAME).toFile();
            Files.deleteIfExists(file.toPath());
            return new CountersFile(IoUtil.mapNewFile(file, METADATA_LENGTH + VALUES_LENGTH));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + dataDirectory.resolve(FILE_NAME), ex);
        }
    }

    /**
     * Maps an existing counters file, for a tool reading a live node.
     *
     * @param dataDirectory the host's data directory.
     * @return the file.
     * @throws IllegalStateException if there is no counters file (the node never ran there).
     */
    public static CountersFile open(final Path dataDirectory)
    {
        final File file = dataDirectory.resolve(FILE_NAME).toFile();
        if (!file.isFile() || file.length() != METADATA_LENGTH + VALUES_LENGTH)
        {
            throw new IllegalStateException("no counters file at " + file + ": is a node running with --data " +
                dataDirectory + "? start one with scripts/node or scripts/cluster start");
        }
        return new CountersFile(IoUtil.mapExistingFile(file, FILE_NAME));
    }

    /**
     * @return a manager allocating counters in the file (the node's side).
     */
    public CountersManager newManager()
    {
        return new CountersManager(metadata, values);
    }

    /**
     * @return a reader of every counter (the tool's side).
     */
    public CountersReader reader()
    {
        return new CountersReader(metadata, values);
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
    }
}
