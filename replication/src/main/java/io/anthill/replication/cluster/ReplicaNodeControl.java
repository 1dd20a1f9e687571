package io.anthill.replication.cluster;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ReplicaRole;
import io.anthill.engine.node.ReplicaControl;
import io.anthill.replication.core.StepDownResult;
import io.anthill.replication.node.ReplicaNode;

/**
 * The control plane's view of a host's {@link ReplicaNode}: roles, views and op numbers as the replication thread
 * publishes them each duty cycle (so reading them never touches a protocol core). A replicated host's partitions
 * come from its cluster file and are started with it, so adding or removing one through the control plane is
 * refused {@link ErrorCode#UNSUPPORTED_ACTION} rather than unrouting a replica that keeps running. A step-down is
 * handed to the replication thread ({@link ReplicaNode#stepDown}); its typed result becomes the answer's error code.
 */
final class ReplicaNodeControl implements ReplicaControl
{
    private final ReplicaNode replicas;

    ReplicaNodeControl(final ReplicaNode replicas)
    {
        this.replicas = replicas;
    }

    @Override
    public ReplicaRole role(final int partitionId)
    {
        final long status = replicas.publishedStatus(partitionId);
        if (status == 0)
        {
            return ReplicaRole.FOLLOWER;
        }
        if (status == 1)
        {
            return ReplicaRole.PRIMARY;
        }
        return status == 2 ? ReplicaRole.VIEW_CHANGE : ReplicaRole.RECOVERING;
    }

    @Override
    public long view(final int partitionId)
    {
        return replicas.publishedView(partitionId);
    }

    @Override
    public long op(final int partitionId)
    {
        return replicas.publishedDurableOp(partitionId);
    }

    @Override
    public long commitOp(final int partitionId)
    {
        return replicas.publishedCommitOp(partitionId);
    }

    @Override
    public ErrorCode addPartition(final int partitionId)
    {
        return ErrorCode.UNSUPPORTED_ACTION;
    }

    @Override
    public ErrorCode removePartition(final int partitionId)
    {
        return ErrorCode.UNSUPPORTED_ACTION;
    }

    @Override
    public ErrorCode stepDown(final int partitionId)
    {
        final StepDownResult result = replicas.stepDown(partitionId);
        return switch (result)
        {
            case STARTED, IN_PROGRESS -> null;
            case NOT_PRIMARY -> ErrorCode.NOT_PRIMARY;
            case NOT_NORMAL -> ErrorCode.VIEW_CHANGE_IN_PROGRESS;
            case NOT_HOSTED -> ErrorCode.UNKNOWN_PARTITION;
            case BUSY -> ErrorCode.OVERLOADED;
            case SINGLE_REPLICA -> ErrorCode.UNSUPPORTED_ACTION;
        };
    }
}
