package io.anthill.replication.cluster;

import java.util.function.IntFunction;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ReplicaRole;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.node.Node;
import io.anthill.engine.node.ReplicaControl;
import io.anthill.replication.core.StepDownResult;
import io.anthill.replication.node.ReplicaNode;

/**
 * The control plane's view of a host's {@link ReplicaNode}: roles, views and op numbers as the replication thread
 * publishes them each duty cycle (so reading them never touches a protocol core). Adding a partition starts its
 * replica ({@link ReplicaNode#addPartition}) and then routes the data plane to it; removing one unroutes it first,
 * then stops the replica (its directory stays: adding it again recovers from it). The cluster file stays the source
 * of truth: a restarted host starts every partition of its groups again. A step-down is handed to the replication
 * thread ({@link ReplicaNode#stepDown}); every typed result becomes the answer's error code. All of it runs on the
 * control plane's one thread.
 */
final class ReplicaNodeControl implements ReplicaControl
{
    private final ReplicaNode replicas;
    private final Node node;
    private final IntFunction<ResponseSink> publishers;

    ReplicaNodeControl(final ReplicaNode replicas, final Node node, final IntFunction<ResponseSink> publishers)
    {
        this.replicas = replicas;
        this.node = node;
        this.publishers = publishers;
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
        if (!node.placement().isPartition(partitionId))
        {
            return ErrorCode.UNKNOWN_PARTITION;
        }
        try
        {
            if (!replicas.addPartition(partitionId) && null != node.partition(partitionId))
            {
                return null;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            return ErrorCode.WRONG_NODE;
        }
        catch (final IllegalStateException ex)
        {
            return ErrorCode.OVERLOADED;
        }
        return node.adoptPartition(partitionId, replicas.partition(partitionId), publishers.apply(partitionId));
    }

    @Override
    public ErrorCode removePartition(final int partitionId)
    {
        if (!node.placement().isPartition(partitionId))
        {
            return ErrorCode.UNKNOWN_PARTITION;
        }
        final ErrorCode unrouted = node.removePartition(partitionId);
        try
        {
            final boolean removed = replicas.removePartition(partitionId);
            return removed || null == unrouted ? null : ErrorCode.UNKNOWN_PARTITION;
        }
        catch (final IllegalStateException ex)
        {
            return ErrorCode.OVERLOADED;
        }
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
