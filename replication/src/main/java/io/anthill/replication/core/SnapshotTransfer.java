package io.anthill.replication.core;

import io.anthill.codecs.replication.StateStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Snapshot transfer for a replica behind the first op its peers still hold: it fetches the peer's latest snapshot
 * in chunks of {@link ReplicaContext#snapshotChunkBytes()} (GetSnapshot / SnapshotChunk), the {@link SnapshotStore}
 * verifies and installs it, the log restarts after the snapshot's op, and the replica continues with ordinary
 * state transfer from there. A snapshot covers only committed ops, so installing it commits them.
 */
final class SnapshotTransfer
{
    private final ReplicaState state;
    private final ReplicaLog log;
    private final ReplicaPublisher publisher;
    private final SnapshotStore store;
    private final UnsafeBuffer chunk;
    private final int chunkBytesMax;
    private boolean active;
    private int source;
    private long installingOp;
    private long expectedPosition;
    private long expectedLength;
    private long installs;

    SnapshotTransfer(final ReplicaContext ctx, final ReplicaState state, final ReplicaLog log, final ReplicaPublisher publisher,
        final SnapshotStore store)
    {
        chunkBytesMax = ctx.snapshotChunkBytes();
        chunk = new UnsafeBuffer(new byte[chunkBytesMax]);
        this.state = state;
        this.log = log;
        this.publisher = publisher;
        this.store = store;
    }

    boolean isActive()
    {
        return active;
    }

    long installs()
    {
        return installs;
    }

    void start(final int from)
    {
        active = true;
        source = from;
        installingOp = 0;
        expectedPosition = 0;
        request();
    }

    void request()
    {
        publisher.getSnapshot(source, installingOp, expectedPosition);
    }

    boolean onGetSnapshot(final int sender, final long snapshotOp, final long position)
    {
        final long op = store.snapshotOp();
        final long length = store.snapshotLength();
        if (op == 0 || state.status == ReplicaStatus.RECOVERING)
        {
            publisher.snapshotChunk(sender, 0, 0, position, StateStatus.UNAVAILABLE, chunk, 0);
            return true;
        }
        final long from = snapshotOp == op && position >= 0 && position < length ? position : 0;
        final int read = store.read(from, chunk, 0, (int)Math.min(chunkBytesMax, length - from));
        if (read < 0)
        {
            publisher.snapshotChunk(sender, 0, 0, from, StateStatus.UNAVAILABLE, chunk, 0);
            return true;
        }
        publisher.snapshotChunk(sender, op, length, from, StateStatus.ENTRIES, chunk, read);
        return true;
    }

    boolean onSnapshotChunk(final int sender, final long snapshotOp, final long length, final long position,
        final StateStatus status, final DirectBuffer buffer, final int offset, final int chunkLength)
    {
        if (!active || sender != source || state.status == ReplicaStatus.NORMAL)
        {
            return false;
        }
        if (status != StateStatus.ENTRIES || snapshotOp <= state.commitOp || length <= 0)
        {
            active = false; // the next pull asks again, and may be told to fetch a snapshot again
            return true;
        }
        if (position == 0)
        {
            store.beginInstall(snapshotOp, length);
            installingOp = snapshotOp;
            expectedPosition = 0;
            expectedLength = length;
        }
        if (snapshotOp != installingOp || position != expectedPosition || position + chunkLength > expectedLength)
        {
            return false;
        }
        store.writeChunk(position, buffer, offset, chunkLength);
        expectedPosition += chunkLength;
        state.statusChangedNs = state.nowNs; // progress: a large snapshot must not run into the view-change timeout
        if (expectedPosition < expectedLength)
        {
            request();
            return true;
        }
        active = false;
        if (store.finishInstall())
        {
            installs++;
            log.resetTo(snapshotOp);
            state.onSnapshotInstalled(snapshotOp);
        }
        return true;
    }
}
