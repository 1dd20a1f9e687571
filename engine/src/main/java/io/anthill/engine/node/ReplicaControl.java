package io.anthill.engine.node;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ReplicaRole;

/**
 * The replication layer's side of the control plane, for a host of replicated partitions: the engine knows
 * partitions and applied ops, the replication layer knows roles, views and op numbers, and owns the partitions'
 * lifecycle, and the engine must not depend on it. A node without replication has none (its control plane adds and
 * removes partitions through the {@link Node} and lists each as its own primary at view 0).
 * <p>
 * Called on the control plane's thread while the replication thread runs, so the reads return published values
 * (counters, volatiles), never the protocol core's own fields.
 */
public interface ReplicaControl
{
    /**
     * @param partitionId a hosted partition.
     * @return what this host's replica of it is doing.
     */
    ReplicaRole role(int partitionId);

    /**
     * @param partitionId a hosted partition.
     * @return the view its replica is in.
     */
    long view(int partitionId);

    /**
     * @param partitionId a hosted partition.
     * @return the last op durable in this replica's journal.
     */
    long op(int partitionId);

    /**
     * @param partitionId a hosted partition.
     * @return the last op this replica knows to be committed.
     */
    long commitOp(int partitionId);

    /**
     * Starts a replica of a partition on this host.
     *
     * @param partitionId the partition.
     * @return null when done, else why not.
     */
    ErrorCode addPartition(int partitionId);

    /**
     * Stops this host's replica of a partition.
     *
     * @param partitionId the partition.
     * @return null when done, else why not.
     */
    ErrorCode removePartition(int partitionId);

    /**
     * Asks this host's replica of a partition, if it is the primary, to hand the role over to the next replica.
     *
     * @param partitionId the partition.
     * @return null when the hand-over started (or already runs), else why not.
     */
    ErrorCode stepDown(int partitionId);
}
