package io.anthill.replication.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

/**
 * Snapshot transfer and log repair in the core alone, message by message.
 */
class SnapshotAndRepairScenarioTest
{
    /** A snapshot held in memory; "loading" it records what was installed. */
    private static final class MemorySnapshotStore implements SnapshotStore
    {
        byte[] snapshot;
        long snapshotOp;
        byte[] receiving;
        long receivingOp;
        int chunksWritten;

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
            chunksWritten++;
        }

        @Override
        public boolean finishInstall()
        {
            snapshot = receiving;
            snapshotOp = receivingOp;
            return true;
        }
    }

    @Test
    void shouldInstallSnapshotInChunksWhenPrimaryTrimmedWhatFollowerMisses()
    {
        final MemorySnapshotStore[] stores = {new MemorySnapshotStore(), new MemorySnapshotStore(), new MemorySnapshotStore()};
        final ManualGroup group = new ManualGroup(3, stores, 32);
        for (int i = 0; i < 10; i++)
        {
            group.submit(0, "entry " + i);
        }
        group.deliverAll(2);
        assertEquals(10, group.committed[0]);
        final byte[] state = new byte[100];
        for (int i = 0; i < state.length; i++)
        {
            state[i] = (byte)i;
        }
        for (int i = 0; i < 2; i++)
        {
            stores[i].snapshot = state;
            stores[i].snapshotOp = 10;
            group.logs[i].deleteBefore(11);
        }
        assertEquals(11, group.submit(0, "after the snapshot"));
        for (int round = 0; round < 20 && group.replicas[2].commitOp() < 11; round++)
        {
            group.tickAll(ReplicaContext.RETRANSMIT_INTERVAL_NS_DEFAULT + 1, -1);
            group.deliverAll(-1);
        }
        assertEquals(10, stores[2].snapshotOp);
        assertArrayEquals(state, stores[2].snapshot);
        assertEquals(4, stores[2].chunksWritten, "100 bytes in 32-byte chunks");
        assertEquals(11, group.logs[2].firstOp());
        assertEquals(11, group.logs[2].lastOp());
        assertEquals(11, group.replicas[2].commitOp());
        assertEquals(ReplicaStatus.NORMAL, group.replicas[2].status());
        assertEquals(1, group.replicas[2].snapshotsInstalled());
    }

    @Test
    void shouldRepairCorruptEntryFromPeers()
    {
        final ManualGroup group = new ManualGroup(3);
        for (int i = 0; i < 5; i++)
        {
            group.submit(0, "entry " + i);
        }
        group.deliverAll(-1);
        group.logs[1].corrupt(3);
        group.replicas[1].onLogCorrupt(3);
        assertEquals(ReplicaStatus.RECOVERING, group.replicas[1].status());
        assertEquals(2, group.logs[1].lastOp(), "cut before the bad entry");
        group.deliverAll(-1);
        assertEquals(ReplicaStatus.NORMAL, group.replicas[1].status());
        assertEquals(5, group.logs[1].lastOp());
        assertEquals(1, group.replicas[1].repairs());
        assertTrue(group.replicas[1].commitOp() >= 5);
    }
}
