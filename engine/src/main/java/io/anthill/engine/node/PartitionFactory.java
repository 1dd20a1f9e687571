package io.anthill.engine.node;

import io.anthill.engine.PartitionContext;

/**
 * Supplies the settings of a partition the control plane adds to a {@link Node}: its state machine, read models,
 * directories and limits. The node sets the response sink itself, so responses reach its {@link ClientFrameSink}.
 */
@FunctionalInterface
public interface PartitionFactory
{
    /**
     * @param partitionId the partition to host.
     * @return a fresh context for it, with that partition id.
     */
    PartitionContext newContext(int partitionId);
}
