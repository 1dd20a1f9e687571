package io.anthill.replication.node;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.replication.cluster.RunningTotalDomain;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partitions added to and removed from running nodes (the control plane's add-partition and remove-partition): an
 * added partition's group bootstraps and replicates next to the existing ones; a replica removed from one node and
 * added again recovers from its journal and its peers with nothing lost; removing the partition everywhere leaves
 * the other partitions running.
 */
class PartitionLifecycleTest
{
    private static final int NODES = 3;
    private static final long TIMEOUT_MS = 30_000;
    private static final long RESEND_NS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long SESSION = 11;

    @TempDir
    Path dir;

    private final ConcurrentHashMap<Long, Long> totals = new ConcurrentHashMap<>();
    private EmbeddedCluster cluster;
    private long requestId;

    @AfterEach
    void closeAll()
    {
        CloseHelper.quietClose(cluster);
    }

    @Test
    void shouldAddAPartitionToRunningNodesAndRemoveAndReAddAReplica()
    {
        cluster = EmbeddedCluster.start(NODES, ctx -> ctx
            .partitions(List.of(0))
            .dataDirectory(dir.resolve("node-" + ctx.nodeIndex()))
            .stateMachines(new RunningTotalDomain()::newStateMachine)
            .responseSinks(partitionId -> new TotalsSink(partitionId)));
        writeAcknowledged(0, 20);

        for (int i = 0; i < NODES; i++)
        {
            assertFalse(cluster.node(i).hosts(1));
            assertTrue(cluster.node(i).addPartition(1));
            assertFalse(cluster.node(i).addPartition(1), "already hosted");
        }
        writeAcknowledged(1, 50);
        assertEquals(50L, totals.get(key(1, requestId)), "partition 1 counted its own writes");
        writeAcknowledged(0, 10);
        assertEquals(30L, totals.get(key(0, requestId)), "partition 0 went on undisturbed");
        assertTrue(cluster.awaitConverged(List.of(0, 1), TIMEOUT_MS));

        final ReplicaNode leaving = cluster.node(2);
        assertTrue(leaving.removePartition(1));
        assertFalse(leaving.hosts(1));
        assertFalse(leaving.removePartition(1), "no longer hosted");
        assertThrows(IllegalArgumentException.class, () -> leaving.partition(1));
        writeAcknowledged(1, 10);
        assertEquals(60L, totals.get(key(1, requestId)), "the other two replicas are a quorum");

        assertTrue(leaving.addPartition(1), "added again: recovers from its directory and its peers");
        writeAcknowledged(1, 10);
        assertEquals(70L, totals.get(key(1, requestId)), "each write counted once across the removal");
        assertTrue(cluster.awaitConverged(List.of(0, 1), TIMEOUT_MS));

        final Partition[] replicasOfOne = new Partition[NODES];
        for (int i = 0; i < NODES; i++)
        {
            replicasOfOne[i] = cluster.partition(1, i);
            assertTrue(cluster.node(i).removePartition(1));
            assertFalse(cluster.node(i).hosts(1));
        }
        final long digest = replicasOfOne[0].stateDigest();
        for (final Partition replica : replicasOfOne)
        {
            assertEquals(digest, replica.stateDigest(), "the re-added replica caught up to the same state");
        }
        writeAcknowledged(0, 10);
        assertEquals(40L, totals.get(key(0, requestId)), "partition 0 goes on without partition 1");
    }

    /**
     * What a client does: send to a node, follow a refusal to the next, resend the same id after a time-out.
     */
    private void writeAcknowledged(final int partitionId, final int count)
    {
        final UnsafeBuffer one = RunningTotalDomain.amount(1);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        int node = 0;
        for (int i = 0; i < count; i++)
        {
            requestId++;
            while (!totals.containsKey(key(partitionId, requestId)))
            {
                assertTrue(System.nanoTime() - deadlineNs < 0, "write " + requestId + " to " + partitionId + " unanswered");
                final Partition partition = cluster.partition(partitionId, node);
                final SubmitResult result = null == partition ? SubmitResult.NOT_RUNNING :
                    partition.submit(SESSION, requestId, one, 0, one.capacity());
                if (result != SubmitResult.ACCEPTED)
                {
                    node = (node + 1) % NODES;
                    Thread.yield();
                    continue;
                }
                final long resendNs = System.nanoTime() + RESEND_NS;
                while (!totals.containsKey(key(partitionId, requestId)) && System.nanoTime() - resendNs < 0)
                {
                    Thread.yield();
                }
            }
        }
    }

    private static long key(final int partitionId, final long requestId)
    {
        return partitionId * 1_000_000_000L + requestId;
    }

    private final class TotalsSink implements ResponseSink
    {
        private final int partitionId;

        TotalsSink(final int partitionId)
        {
            this.partitionId = partitionId;
        }

        @Override
        public void onResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            totals.put(key(partitionId, requestId), buffer.getLong(offset));
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            throw new AssertionError("request " + requestId + " rejected " + code);
        }
    }
}
