package io.anthill.perf.replay;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.anthill.engine.OfflineReplay;
import io.anthill.engine.PartitionDigests;
import io.anthill.engine.Projection;
import io.anthill.engine.StateMachine;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import io.anthill.journal.JournalEntry;
import io.anthill.journal.JournalEntryHandler;
import io.anthill.journal.JournalReader;
import io.anthill.journal.LoadedSnapshot;
import io.anthill.journal.SnapshotStore;
import org.agrona.ExpandableArrayBuffer;

/**
 * Rebuilds one partition's read models from its journal (and optionally a snapshot) on one thread: opens the journal
 * read-only, so it may run beside the live node, and applies every entry through {@link OfflineReplay}. Publishes
 * its progress in volatile fields for the progress line, read by another thread.
 */
final class PartitionReplay implements Callable<PartitionDigests>, JournalEntryHandler
{
    /** Entries per journal poll: bounds how stale the published progress is. */
    static final int POLL_LIMIT = 16 * 1024;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Path journalDir;
    private final int partitionId;
    private final String snapshot;
    private final Path snapshotsDir;
    private final long toOpLimit;
    private final List<Projection> projections;
    private final OfflineReplay replay;
    private final ReadModelCheckpoints checkpoints;
    private volatile long startOp;
    private volatile long targetOp = -1;
    private volatile long appliedOp;
    private volatile long snapshotOp = -1;
    private volatile List<String> readModelsWithoutHistory = List.of();
    private volatile long cpuTimeNs;

    PartitionReplay(
        final Path journalDir, final int partitionId, final String snapshot, final Path snapshotsDir, final long toOpLimit,
        final StateMachine stateMachine, final List<Projection> projections, final Map<String, Long> checkpointOps)
    {
        this.journalDir = journalDir;
        this.partitionId = partitionId;
        this.snapshot = snapshot;
        this.snapshotsDir = snapshotsDir;
        this.toOpLimit = toOpLimit;
        this.projections = projections;
        this.replay = new OfflineReplay(stateMachine, projections.toArray(new Projection[0]));
        this.checkpoints = new ReadModelCheckpoints(projections, checkpointOps);
    }

    @Override
    public PartitionDigests call()
    {
        final long cpuStartNs = THREADS.getCurrentThreadCpuTime();
        try
        {
            return replayJournal();
        }
        finally
        {
            cpuTimeNs = THREADS.getCurrentThreadCpuTime() - cpuStartNs;
        }
    }

    private PartitionDigests replayJournal()
    {
        if (!Files.isDirectory(journalDir))
        {
            throw new ReplayException("journal directory not found: " + journalDir + " (pass a partition's journal " +
                "directory, e.g. DATA/partition-0/journal)");
        }
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir).partitionId(partitionId).readOnly(true)))
        {
            if (journal.lastOp() == 0)
            {
                throw new ReplayException("journal " + journalDir + " of partition " + partitionId + " holds no entries");
            }
            restoreSnapshot(journal);
            final long fromOp = replay.appliedOp() + 1;
            if (fromOp < journal.firstOp())
            {
                throw new ReplayException("journal " + journalDir + " starts at op " + journal.firstOp() + ": earlier ops " +
                    "were deleted by retention, so replay must start from a snapshot (pass --snapshot latest)");
            }
            final long lastOp = Math.min(toOpLimit, journal.lastOp());
            startOp = fromOp - 1;
            appliedOp = fromOp - 1;
            targetOp = lastOp;
            checkpoints.onApplied(appliedOp);
            try (JournalReader reader = journal.reader(fromOp))
            {
                while (appliedOp < lastOp)
                {
                    if (reader.poll(this, (int)Math.min(POLL_LIMIT, lastOp - appliedOp)) == 0)
                    {
                        throw new ReplayException("journal " + journalDir + " ended at op " + appliedOp + " before op " + lastOp);
                    }
                    appliedOp = replay.appliedOp();
                }
            }
        }
        return PartitionDigests.of(partitionId, replay.appliedOp(), replay.stateDigest(), projections);
    }

    @Override
    public void onEntry(final JournalEntry entry)
    {
        replay.apply(entry.op(), entry.timestampNs(), entry.body(), entry.bodyOffset(), entry.bodyLength());
        checkpoints.onApplied(entry.op());
    }

    private void restoreSnapshot(final Journal journal)
    {
        if (snapshot.equals(ReplayOptions.SNAPSHOT_NONE))
        {
            return;
        }
        if (!Files.isDirectory(snapshotsDir))
        {
            throw new ReplayException("snapshot directory not found: " + snapshotsDir + " (pass --snapshots DIR, or " +
                "--snapshot none to replay from op 1)");
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        try (SnapshotStore store = SnapshotStore.open(snapshotsDir, partitionId, 1))
        {
            final LoadedSnapshot loaded = snapshot.equals(ReplayOptions.SNAPSHOT_LATEST) ?
                store.loadLatest(buffer) : store.load(Long.parseLong(snapshot), buffer);
            if (null == loaded)
            {
                throw new ReplayException("no valid snapshot of partition " + partitionId + " in " + snapshotsDir +
                    " (pass --snapshot none to replay from op 1)");
            }
            final long op = loaded.info().op();
            if (op > journal.lastOp() || op > toOpLimit)
            {
                throw new ReplayException("snapshot at op " + op + " is past the replay's end (journal ends at op " +
                    journal.lastOp() + (toOpLimit == Long.MAX_VALUE ? "" : ", --to " + toOpLimit) + ")");
            }
            readModelsWithoutHistory = replay.restoreSnapshot(op, buffer, loaded.stateOffset(), loaded.stateLength(),
                loaded.info().stateFormatVersion());
            snapshotOp = op;
        }
    }

    int partitionId()
    {
        return partitionId;
    }

    Path journalDir()
    {
        return journalDir;
    }

    /**
     * @return ops this replay applies in all; 0 until the journal is open.
     */
    long totalOps()
    {
        final long target = targetOp;
        return target < 0 ? 0 : target - startOp;
    }

    /**
     * @return ops applied so far.
     */
    long doneOps()
    {
        return appliedOp - startOp;
    }

    /**
     * @return the op of the snapshot restored, or -1.
     */
    long snapshotOp()
    {
        return snapshotOp;
    }

    /**
     * @return the read models the restored snapshot lacked: rebuilt from it, they miss the events before it.
     */
    List<String> readModelsWithoutHistory()
    {
        return readModelsWithoutHistory;
    }

    /**
     * @return CPU time the replaying thread used, journal open included; valid once {@link #call()} returned. On a
     * shared machine it shows the cost of the replay apart from the time other processes took the cores.
     */
    long cpuTimeNs()
    {
        return cpuTimeNs;
    }

    OfflineReplay replay()
    {
        return replay;
    }

    /**
     * @return the read-model digests taken on the way, by name; valid once {@link #call()} returned.
     */
    Map<String, Long> checkpointDigests()
    {
        return checkpoints.digests();
    }
}
