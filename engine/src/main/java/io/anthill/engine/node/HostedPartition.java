package io.anthill.engine.node;

import io.anthill.engine.Partition;

/**
 * A partition a node hosts, with the publisher that turns its answers into frames for clients.
 */
final class HostedPartition
{
    final int partitionId;
    final Partition partition;
    final ResponseFramePublisher publisher;
    final boolean ownedByNode;

    HostedPartition(
        final int partitionId, final Partition partition, final ResponseFramePublisher publisher,
        final boolean ownedByNode)
    {
        this.partitionId = partitionId;
        this.partition = partition;
        this.publisher = publisher;
        this.ownedByNode = ownedByNode;
    }
}
