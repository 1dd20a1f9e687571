package io.anthill.replication.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import io.anthill.engine.Partition;
import io.anthill.engine.PartitionStatus;
import io.anthill.replication.aeron.LoopbackPorts;
import org.agrona.CloseHelper;

/**
 * A whole cluster in one process, for development, the demo and the perf harness: N {@link ReplicaNode}s, each with
 * its own media driver and data directory, replicating over UDP on 127.0.0.1 on ports free when it starts. Nodes can
 * be killed (closed without a goodbye, as a crash looks to the others) and restarted on the same directory.
 */
public final class EmbeddedCluster implements AutoCloseable
{
    private final List<String> endpoints;
    private final Function<ReplicaNodeContext, ReplicaNodeContext> configure;
    private final AtomicReferenceArray<ReplicaNode> nodes;

    private EmbeddedCluster(final int nodeCount, final Function<ReplicaNodeContext, ReplicaNodeContext> configure)
    {
        final List<String> found = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++)
        {
            found.add(LoopbackPorts.freeEndpoint());
        }
        this.endpoints = List.copyOf(found);
        this.configure = configure;
        this.nodes = new AtomicReferenceArray<>(nodeCount);
    }

    /**
     * Starts every node.
     *
     * @param nodeCount how many nodes.
     * @param configure fills a node's context (directories, partitions, state machines...); the cluster sets the node
     *                  index and the endpoints before calling it.
     * @return the running cluster.
     */
    public static EmbeddedCluster start(
        final int nodeCount, final Function<ReplicaNodeContext, ReplicaNodeContext> configure)
    {
        final EmbeddedCluster cluster = new EmbeddedCluster(nodeCount, configure);
        try
        {
            for (int i = 0; i < nodeCount; i++)
            {
                cluster.restart(i);
            }
            return cluster;
        }
        catch (final RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
    }

    /**
     * Starts a node that is down, on its data directory: it rejoins through recovery.
     *
     * @param nodeIndex the node.
     */
    public void restart(final int nodeIndex)
    {
        if (null != nodes.get(nodeIndex))
        {
            throw new IllegalStateException("node " + nodeIndex + " is running");
        }
        nodes.set(nodeIndex, ReplicaNode.launch(configure.apply(
            new ReplicaNodeContext().nodeIndex(nodeIndex).replicationEndpoints(endpoints))));
    }

    /**
     * Stops a node abruptly: its agent stops, its partitions and media driver close; peers just stop hearing it.
     *
     * @param nodeIndex the node.
     */
    public void kill(final int nodeIndex)
    {
        CloseHelper.close(nodes.getAndSet(nodeIndex, null));
    }

    /**
     * @param nodeIndex a node.
     * @return the node, or null while it is down.
     */
    public ReplicaNode node(final int nodeIndex)
    {
        return nodes.get(nodeIndex);
    }

    /**
     * @return how many nodes the cluster has, up or down.
     */
    public int nodeCount()
    {
        return nodes.length();
    }

    /**
     * @param partitionId a partition.
     * @param nodeIndex   a node.
     * @return the node's replica of the partition, or null if the node is down or does not host it.
     */
    public Partition partition(final int partitionId, final int nodeIndex)
    {
        final ReplicaNode node = nodes.get(nodeIndex);
        if (null == node || !node.hosts(partitionId))
        {
            return null;
        }
        final Partition partition = node.partition(partitionId);
        return partition.status() == PartitionStatus.RUNNING ? partition : null;
    }

    /**
     * @return the replication endpoints, by node index.
     */
    public List<String> endpoints()
    {
        return endpoints;
    }

    /**
     * Waits until every running replica of every given partition has applied the same op, as a quiet cluster does once
     * heartbeats have carried the last commit number to the followers.
     *
     * @param partitionIds the partitions.
     * @param timeoutMs    how long to wait.
     * @return true if they converged in time.
     */
    public boolean awaitConverged(final List<Integer> partitionIds, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (converged(partitionIds))
            {
                return true;
            }
            Thread.yield();
        }
        return converged(partitionIds);
    }

    private boolean converged(final List<Integer> partitionIds)
    {
        for (final int partitionId : partitionIds)
        {
            long applied = -1;
            for (int i = 0; i < nodes.length(); i++)
            {
                final Partition partition = partition(partitionId, i);
                if (null == partition)
                {
                    continue;
                }
                if (applied >= 0 && partition.appliedOp() != applied)
                {
                    return false;
                }
                applied = partition.appliedOp();
            }
        }
        return true;
    }

    /**
     * Closes every node and returns the state digest of each partition on each node (0 where a node was down).
     *
     * @param partitionIds the partitions.
     * @return digests[partition index][node index].
     */
    public long[][] closeAndDigest(final List<Integer> partitionIds)
    {
        final Partition[][] replicas = new Partition[partitionIds.size()][nodes.length()];
        for (int p = 0; p < partitionIds.size(); p++)
        {
            for (int i = 0; i < nodes.length(); i++)
            {
                replicas[p][i] = partition(partitionIds.get(p), i);
            }
        }
        close();
        final long[][] digests = new long[partitionIds.size()][nodes.length()];
        for (int p = 0; p < partitionIds.size(); p++)
        {
            for (int i = 0; i < nodes.length(); i++)
            {
                digests[p][i] = null == replicas[p][i] ? 0 : replicas[p][i].stateDigest();
            }
        }
        return digests;
    }

    @Override
    public void close()
    {
        for (int i = nodes.length() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(nodes.getAndSet(i, null));
        }
    }
}
