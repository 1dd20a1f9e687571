package io.anthill.replication.core;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Outbound port: the replica's latest snapshot of its applied state, served to peers in chunks and installed from
 * a peer when this replica is behind the first op the others still hold in their logs. The engine implements it
 * over its snapshot files (header with CRC32C, then the state); the simulator over the bank's snapshot.
 * {@link #NONE} has no snapshots: logs are then never trimmed and no replica needs one.
 */
public interface SnapshotStore
{
    /** No snapshots. */
    SnapshotStore NONE = new SnapshotStore()
    {
        @Override
        public long snapshotOp()
        {
            return 0;
        }

        @Override
        public long snapshotLength()
        {
            return 0;
        }

        @Override
        public int read(final long position, final MutableDirectBuffer buffer, final int offset, final int lengthMax)
        {
            return -1;
        }

        @Override
        public void beginInstall(final long snapshotOp, final long length)
        {
        }

        @Override
        public void writeChunk(final long position, final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public boolean finishInstall()
        {
            return false;
        }
    };

    /**
     * @return the op the latest local snapshot covers (committed, applied); 0 when there is none.
     */
    long snapshotOp();

    /**
     * @return the length in bytes, as stored (checksummed format), of the snapshot {@link #snapshotOp()} last
     * reported: called right after it.
     */
    long snapshotLength();

    /**
     * Copies part of the latest snapshot.
     *
     * @return bytes copied, or -1 if the snapshot is unreadable (failed its checksum).
     */
    int read(long position, MutableDirectBuffer buffer, int offset, int lengthMax);

    /**
     * Starts receiving a peer's snapshot; an earlier unfinished one is discarded.
     */
    void beginInstall(long snapshotOp, long length);

    /**
     * Stores the next chunk of the snapshot being received.
     */
    void writeChunk(long position, DirectBuffer buffer, int offset, int length);

    /**
     * Verifies the received snapshot and, if intact, makes it the applied state (the state machine loads it).
     *
     * @return false if it failed its checksum: nothing changed.
     */
    boolean finishInstall();
}
