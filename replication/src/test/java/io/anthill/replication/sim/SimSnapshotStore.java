package io.anthill.replication.sim;

import io.anthill.replication.core.SnapshotStore;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The simulated snapshot file of one replica (it survives crashes) and the snapshot being received from a peer.
 * Installing one replaces the node's applied state; the core then restarts the log after it.
 */
final class SimSnapshotStore implements SnapshotStore
{
    private final SimNode node;
    private byte[] snapshot;
    private long snapshotOp;
    private byte[] receiving;
    private long receivingOp;
    private long installs;

    SimSnapshotStore(final SimNode node)
    {
        this.node = node;
    }

    void take(final long op, final byte[] bytes)
    {
        snapshotOp = op;
        snapshot = bytes;
    }

    byte[] bytes()
    {
        return snapshot;
    }

    /**
     * Flips one bit of the snapshot file.
     *
     * @return false if there is no snapshot.
     */
    boolean flipBit(final java.util.SplittableRandom random)
    {
        if (snapshot == null)
        {
            return false;
        }
        snapshot[random.nextInt(snapshot.length)] ^= (byte)(1 << random.nextInt(8));
        return true;
    }

    void discard()
    {
        snapshot = null;
        snapshotOp = 0;
    }

    long installs()
    {
        return installs;
    }

    @Override
    public long snapshotOp()
    {
        return snapshot == null ? 0 : snapshotOp;
    }

    @Override
    public long snapshotLength()
    {
        return snapshot == null ? 0 : snapshot.length;
    }

    @Override
    public int read(final long position, final MutableDirectBuffer buffer, final int offset, final int lengthMax)
    {
        if (snapshot == null || !AppliedLedger.isIntact(snapshot))
        {
            return -1;
        }
        final int length = (int)Math.min(lengthMax, snapshot.length - position);
        buffer.putBytes(offset, snapshot, (int)position, length);
        return length;
    }

    @Override
    public void beginInstall(final long op, final long length)
    {
        receiving = new byte[(int)length];
        receivingOp = op;
    }

    @Override
    public void writeChunk(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        buffer.getBytes(offset, receiving, (int)position, length);
    }

    @Override
    public boolean finishInstall()
    {
        if (receiving == null || !AppliedLedger.isIntact(receiving))
        {
            return false;
        }
        node.installSnapshot(receivingOp, receiving);
        snapshot = receiving;
        snapshotOp = receivingOp;
        receiving = null;
        installs++;
        return true;
    }
}
