package io.anthill.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The queue's cycle files as the journal sees them: forces them to disk and deletes them for retention.
 *
 * <p>Forcing uses {@link FileChannel#force(boolean)} (fdatasync) on the cycle file rather than Chronicle's
 * {@code ExcerptAppender.sync()}: that msyncs only the currently mapped chunk and only when the queue was built with a
 * non-NONE SyncMode, while an fdatasync of the file flushes every dirty page of it, whichever chunk the batch touched.
 * Channels are opened only when the cycle changes, so a force allocates nothing.
 */
final class QueueFiles implements AutoCloseable
{
    private final Path directory;
    private final TreeMap<Integer, Path> cycleFiles = new TreeMap<>();
    private FileChannel channel;
    private int channelCycle = Integer.MIN_VALUE;
    private long forceCount;

    QueueFiles(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Records the file of a cycle the journal has read or written; cheap to call per document since it only acts
     * when the cycle is new.
     */
    void observe(final int cycle, final Path file)
    {
        if (null != file && !cycleFiles.containsKey(cycle))
        {
            cycleFiles.put(cycle, file);
        }
    }

    boolean knows(final int cycle)
    {
        return cycleFiles.containsKey(cycle);
    }

    /**
     * Forces the cycle file being written and any older cycle file written since the last force.
     */
    void force(final int cycle)
    {
        try
        {
            if (cycle != channelCycle)
            {
                switchChannel(cycle);
            }
            if (null != channel)
            {
                channel.force(false);
                forceCount++;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot force journal file of cycle " + cycle + " in " + directory, ex);
        }
    }

    private void switchChannel(final int cycle) throws IOException
    {
        final Map<Integer, Path> written = channelCycle < cycle ?
            cycleFiles.subMap(channelCycle, true, cycle, false) : Map.of();
        for (final Map.Entry<Integer, Path> older : written.entrySet())
        {
            if (older.getKey() == channelCycle && null != channel)
            {
                channel.force(false);
            }
            else if (Files.exists(older.getValue()))
            {
                try (FileChannel olderChannel = FileChannel.open(older.getValue(), StandardOpenOption.WRITE))
                {
                    olderChannel.force(false);
                }
            }
        }
        closeChannel();
        final Path file = cycleFiles.get(cycle);
        if (null != file)
        {
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            channelCycle = cycle;
            forceDirectory();
        }
    }

    private void forceDirectory() throws IOException
    {
        // a new cycle file is only durable once its directory entry is
        try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            directoryChannel.force(true);
        }
    }

    /**
     * Deletes every known cycle file before firstKeptCycle.
     *
     * @return the deleted files.
     */
    List<Path> deleteCyclesBefore(final int firstKeptCycle)
    {
        final List<Path> deleted = new ArrayList<>();
        final Map<Integer, Path> doomed = cycleFiles.headMap(firstKeptCycle, false);
        try
        {
            for (final Map.Entry<Integer, Path> file : doomed.entrySet())
            {
                if (file.getKey() == channelCycle)
                {
                    closeChannel();
                }
                if (Files.deleteIfExists(file.getValue()))
                {
                    deleted.add(file.getValue());
                }
            }
            doomed.clear();
            if (!deleted.isEmpty())
            {
                forceDirectory();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete journal files before cycle " + firstKeptCycle + " in " + directory, ex);
        }
        return deleted;
    }

    long forceCount()
    {
        return forceCount;
    }

    private void closeChannel() throws IOException
    {
        if (null != channel)
        {
            channel.close();
            channel = null;
            channelCycle = Integer.MIN_VALUE;
        }
    }

    @Override
    public void close()
    {
        try
        {
            closeChannel();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close journal file in " + directory, ex);
        }
    }
}
