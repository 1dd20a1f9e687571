package io.anthill.replication.node;

import io.anthill.journal.LoadedSnapshot;
import io.anthill.journal.SnapshotCorruptedException;
import io.anthill.journal.SnapshotInfo;
import io.anthill.journal.SnapshotStore;
import io.anthill.journal.eventlog.EventLog;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The protocol core's snapshot port over the partition's snapshot files, on the replication agent's thread.
 * <p>
 * Serving: the newest snapshot that verifies is read whole into memory once (its checksum checked) and served to a
 * lagging peer in chunks from there, so a chunk is never read from a file the housekeeper may be pruning.
 * Installing: the chunks are gathered in memory; when the last arrives the file is verified (checksum, partition)
 * and stored like a local snapshot, the partition loads it (state machine, sessions, alarms and read models), and
 * the core then restarts the journal after its op. A snapshot that fails verification changes nothing: the core
 * asks again. The files are the engine's own format, so a replica that installed one restarts from it like from a
 * snapshot it took.
 */
final class PartitionSnapshots implements io.anthill.replication.core.SnapshotStore
{
    private static final long FILE_LENGTH_MAX = SnapshotStore.MAX_STATE_LENGTH + 4096L;

    private final int partitionId;
    private final SnapshotStore files;
    private final SnapshotInstaller installer;
    private final ExpandableArrayBuffer serving = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer receiving = new ExpandableArrayBuffer(1024);
    private long newestOnDisk = -1;
    private long servingOp;
    private int servingLength;
    private long receivingOp;
    private long receivingLength;
    private boolean receivingRefused;

    /**
     * Loads what a peer sent into the partition; see {@link PartitionReplica#onSnapshotStored(SnapshotInfo)}.
     */
    @FunctionalInterface
    interface SnapshotInstaller
    {
        void onSnapshotStored(SnapshotInfo info);
    }

    PartitionSnapshots(final int partitionId, final SnapshotStore files, final SnapshotInstaller installer)
    {
        this.partitionId = partitionId;
        this.files = files;
        this.installer = installer;
    }

    @Override
    public long snapshotOp()
    {
        refresh();
        return servingOp;
    }

    /**
     * @return the length of the snapshot {@link #snapshotOp()} just reported: the core asks for the op first, so the
     * directory is listed once per request and op and length always describe the same file.
     */
    @Override
    public long snapshotLength()
    {
        return servingLength;
    }

    @Override
    public int read(final long position, final MutableDirectBuffer buffer, final int offset, final int lengthMax)
    {
        if (servingOp == 0 || position < 0 || position > servingLength)
        {
            return -1;
        }
        final int length = (int)Math.min(lengthMax, servingLength - position);
        buffer.putBytes(offset, serving, (int)position, length);
        return length;
    }

    @Override
    public void beginInstall(final long snapshotOp, final long length)
    {
        receivingOp = snapshotOp;
        receivingLength = length;
        receivingRefused = length <= 0 || length > FILE_LENGTH_MAX;
        if (receivingRefused)
        {
            EventLog.warn("snapshot_refused", "partition", partitionId, "op", snapshotOp, "bytes", length,
                "reason", "length_outside_limit");
        }
    }

    @Override
    public void writeChunk(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        if (receivingRefused || position < 0 || position + length > receivingLength)
        {
            receivingRefused = true;
            return;
        }
        receiving.putBytes((int)position, buffer, offset, length);
    }

    @Override
    public boolean finishInstall()
    {
        if (receivingRefused)
        {
            return false;
        }
        final SnapshotInfo info;
        try
        {
            info = files.install(receiving, (int)receivingLength);
        }
        catch (final SnapshotCorruptedException ex)
        {
            EventLog.warn("snapshot_refused", "partition", partitionId, "op", receivingOp, "bytes", receivingLength,
                "reason", ex.getMessage());
            return false;
        }
        if (info.op() != receivingOp)
        {
            EventLog.warn("snapshot_refused", "partition", partitionId, "op", receivingOp, "reason",
                "header says op " + info.op());
            return false;
        }
        EventLog.info("snapshot_received", "partition", partitionId, "op", info.op(), "view", info.view(), "bytes",
            receivingLength);
        installer.onSnapshotStored(info);
        return true;
    }

    /**
     * Serves the newest snapshot that verifies: reloads only when the newest file on disk changed.
     */
    private void refresh()
    {
        final long newest = files.newestOp();
        if (newest == newestOnDisk)
        {
            return;
        }
        newestOnDisk = newest;
        final LoadedSnapshot loaded = newest == 0 ? null : files.loadLatest(serving);
        if (null == loaded)
        {
            servingOp = 0;
            servingLength = 0;
            return;
        }
        for (final String skipped : loaded.skippedCorrupt())
        {
            EventLog.warn("snapshot_corrupt", "partition", partitionId, "detail", skipped, "effect", "older_one_served");
        }
        servingOp = loaded.info().op();
        servingLength = loaded.stateOffset() + loaded.stateLength();
    }
}
