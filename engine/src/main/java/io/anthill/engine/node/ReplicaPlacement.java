package io.anthill.engine.node;

/**
 * Where each partition lives: hosts are named {@code host-1..host-N}, and partition p's replica group is the
 * ordered run of {@code replicationFactor} hosts starting at host {@code (p mod N) + 1} and wrapping around, its
 * first host the primary. Consecutive partitions so start on consecutive hosts, which spreads primaries evenly
 * without a directory service: every client and node computes the same answer from three numbers.
 */
public final class ReplicaPlacement
{
    private final int partitionCount;
    private final int hostCount;
    private final int replicationFactor;

    /**
     * @param partitionCount    partitions P, at least 1.
     * @param hostCount         hosts N, at least 1.
     * @param replicationFactor replicas per partition, in [1, N].
     */
    public ReplicaPlacement(final int partitionCount, final int hostCount, final int replicationFactor)
    {
        if (partitionCount < 1 || hostCount < 1 || replicationFactor < 1 || replicationFactor > hostCount)
        {
            throw new IllegalArgumentException("need partitionCount >= 1, hostCount >= 1 and 1 <= replicationFactor" +
                " <= hostCount; were " + partitionCount + ", " + hostCount + ", " + replicationFactor);
        }
        this.partitionCount = partitionCount;
        this.hostCount = hostCount;
        this.replicationFactor = replicationFactor;
    }

    /**
     * @param partition a partition in {@code [0, partitionCount)}.
     * @param rank      the replica's place in the group, 0 for the primary.
     * @return the index of its host, in {@code [1, hostCount]}.
     */
    public int hostOf(final int partition, final int rank)
    {
        if (!isPartition(partition) || rank < 0 || rank >= replicationFactor)
        {
            throw new IllegalArgumentException("no replica " + rank + " of partition " + partition);
        }
        return (partition % hostCount + rank) % hostCount + 1;
    }

    /**
     * @param partition a partition.
     * @return the index of the host of its primary.
     */
    public int primaryHost(final int partition)
    {
        return hostOf(partition, 0);
    }

    /**
     * The primary of view v is the group's member (v mod n), so a failover goes to the next replica in order.
     *
     * @param partition a partition.
     * @param view      a view of its group.
     * @return the index of the host of that view's primary.
     */
    public int primaryHostInView(final int partition, final long view)
    {
        return hostOf(partition, (int)Math.floorMod(view, (long)replicationFactor));
    }

    /**
     * @param partition a partition.
     * @param hostIndex a host.
     * @return the host's rank in the partition's group, or -1 if the host holds no replica of it.
     */
    public int rankOf(final int partition, final int hostIndex)
    {
        for (int rank = 0; rank < replicationFactor; rank++)
        {
            if (hostOf(partition, rank) == hostIndex)
            {
                return rank;
            }
        }
        return -1;
    }

    /**
     * @param partition a partition.
     * @return true if it is in {@code [0, partitionCount)}.
     */
    public boolean isPartition(final int partition)
    {
        return partition >= 0 && partition < partitionCount;
    }

    /**
     * @param hostIndex a host index.
     * @return its name, {@code host-<index>}.
     */
    public static String hostName(final int hostIndex)
    {
        return "host-" + hostIndex;
    }

    /**
     * @return partitions P.
     */
    public int partitionCount()
    {
        return partitionCount;
    }

    /**
     * @return hosts N.
     */
    public int hostCount()
    {
        return hostCount;
    }

    /**
     * @return replicas per partition.
     */
    public int replicationFactor()
    {
        return replicationFactor;
    }
}
