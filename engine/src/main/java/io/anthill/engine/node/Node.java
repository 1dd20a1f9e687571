package io.anthill.engine.node;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A host of many partitions: the table of what it hosts, the placement that says where every other partition
 * lives, and the factories of its edges, a {@link ClientIngressAdapter} per I/O thread for the data plane and a
 * {@link ControlPlaneAdapter} for the authenticated, low-rate control plane.
 * <p>
 * The data plane reads the hosted table without locks (an {@link AtomicReferenceArray} indexed by partition id);
 * the control plane changes it under this object's monitor, at its own low rate, so adding a partition (which
 * recovers it from its journal) never stalls a data-plane thread.
 */
public final class Node implements AutoCloseable
{
    private final NodeContext ctx;
    private final ReplicaPlacement placement;
    private final AtomicReferenceArray<HostedPartition> hosted;
    private final UnsafeBuffer[] hostAddresses;
    private final IngressCounters counters;
    private boolean closed;

    private Node(final NodeContext ctx)
    {
        this.ctx = ctx;
        this.placement = ctx.placement();
        this.hosted = new AtomicReferenceArray<>(placement.partitionCount());
        this.hostAddresses = new UnsafeBuffer[placement.hostCount() + 1];
        for (int host = 1; host <= placement.hostCount(); host++)
        {
            hostAddresses[host] = new UnsafeBuffer(ctx.hostAddresses().get(host - 1).getBytes(StandardCharsets.UTF_8));
        }
        this.counters = new IngressCounters(ctx.countersManager(), ctx.hostIndex());
    }

    /**
     * @param ctx the node's settings; concluded here if the caller did not.
     * @return a node hosting no partition yet: add them through the control plane or {@link #addPartition}.
     */
    public static Node launch(final NodeContext ctx)
    {
        if (!ctx.isConcluded())
        {
            ctx.conclude();
        }
        return new Node(ctx);
    }

    /**
     * @return a new data-plane ingress; each I/O thread owns one, with its own table of connected sessions.
     */
    public ClientIngressAdapter newIngressAdapter()
    {
        return new ClientIngressAdapter(this, ctx);
    }

    /**
     * @param responseSink where control responses go (a separate channel from the clients' data plane).
     * @return a new control-plane adapter, for the one thread that serves the control channel.
     */
    public ControlPlaneAdapter newControlPlaneAdapter(final ClientFrameSink responseSink)
    {
        return newControlPlaneAdapter(responseSink, null);
    }

    /**
     * @param responseSink where control responses go (a separate channel from the clients' data plane).
     * @param replication  the replication layer of a host of replicated partitions: it lists roles, views and op
     *                     numbers, and adds and removes replicas instead of this node.
     * @return a new control-plane adapter, for the one thread that serves the control channel.
     */
    public ControlPlaneAdapter newControlPlaneAdapter(
        final ClientFrameSink responseSink, final ReplicaControl replication)
    {
        return new ControlPlaneAdapter(this, ctx, responseSink, replication);
    }

    /**
     * Hosts a partition: launches it (recovering it from its journal) and opens it to the data plane. Idempotent.
     *
     * @param partitionId the partition, which must have a replica on this host.
     * @return null on success, else why not.
     */
    public synchronized ErrorCode addPartition(final int partitionId)
    {
        if (closed || !placement.isPartition(partitionId))
        {
            return ErrorCode.UNKNOWN_PARTITION;
        }
        if (placement.rankOf(partitionId, ctx.hostIndex()) < 0)
        {
            return ErrorCode.WRONG_NODE;
        }
        if (null != hosted.get(partitionId))
        {
            return null;
        }
        final PartitionContext partitionCtx = ctx.partitionFactory().newContext(partitionId);
        if (partitionCtx.partitionId() != partitionId)
        {
            throw new IllegalStateException("partition factory made partition " + partitionCtx.partitionId() +
                " when asked for " + partitionId);
        }
        final ResponseFramePublisher publisher = new ResponseFramePublisher(partitionId, ctx.frameSink());
        partitionCtx.responseSink(publisher);
        if (null == partitionCtx.countersManager())
        {
            partitionCtx.countersManager(ctx.countersManager());
        }
        final Partition partition = Partition.launch(partitionCtx);
        publisher.attach(partition);
        hosted.set(partitionId, new HostedPartition(partitionId, partition, publisher, true));
        return null;
    }

    /**
     * @param partitionId a partition this node will adopt.
     * @return the sink to launch it with, so its answers become frames for this node's clients.
     */
    public ResponseSink newResponsePublisher(final int partitionId)
    {
        return new ResponseFramePublisher(partitionId, ctx.frameSink());
    }

    /**
     * Routes the data plane to a partition launched elsewhere (a replicated partition, owned by its replica node,
     * which closes it); this node never closes it.
     *
     * @param partitionId the partition, which must have a replica on this host.
     * @param partition   the running partition, launched with {@link #newResponsePublisher(int)} as its sink.
     * @param publisher   that sink.
     * @return null on success, else why not.
     */
    public synchronized ErrorCode adoptPartition(
        final int partitionId, final Partition partition, final ResponseSink publisher)
    {
        if (closed || !placement.isPartition(partitionId))
        {
            return ErrorCode.UNKNOWN_PARTITION;
        }
        if (placement.rankOf(partitionId, ctx.hostIndex()) < 0)
        {
            return ErrorCode.WRONG_NODE;
        }
        final ResponseFramePublisher framePublisher = (ResponseFramePublisher)publisher;
        framePublisher.attach(partition);
        hosted.set(partitionId, new HostedPartition(partitionId, partition, framePublisher, false));
        return null;
    }

    /**
     * Stops hosting a partition: the data plane stops routing to it at once, then it drains and closes.
     *
     * @param partitionId the partition.
     * @return null on success, else why not.
     */
    public synchronized ErrorCode removePartition(final int partitionId)
    {
        if (!placement.isPartition(partitionId) || null == hosted.get(partitionId))
        {
            return ErrorCode.UNKNOWN_PARTITION;
        }
        final HostedPartition removed = hosted.getAndSet(partitionId, null);
        if (removed.ownedByNode)
        {
            removed.partition.close();
        }
        return null;
    }

    /**
     * Asks a hosted partition for a snapshot now (a journaled request, so replicas snapshot at the same op).
     *
     * @param partitionId the partition.
     * @return null when the request was accepted, else why not: NOT_PRIMARY on a replicated follower (ask the
     * primary: the request is journaled, so every replica snapshots at the same op).
     */
    public synchronized ErrorCode snapshotNow(final int partitionId)
    {
        final HostedPartition target = placement.isPartition(partitionId) ? hosted.get(partitionId) : null;
        if (null == target)
        {
            return ErrorCode.UNKNOWN_PARTITION;
        }
        final SubmitResult result = target.partition.requestSnapshot();
        return switch (result)
        {
            case ACCEPTED -> null;
            case OVERLOADED -> ErrorCode.OVERLOADED;
            case NOT_PRIMARY -> ErrorCode.NOT_PRIMARY;
            default -> ErrorCode.UNKNOWN_PARTITION;
        };
    }

    /**
     * @return the ids of the hosted partitions, ascending (allocates: control plane and tools only).
     */
    public List<Integer> hostedPartitionIds()
    {
        final List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < hosted.length(); id++)
        {
            if (null != hosted.get(id))
            {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * @param partitionId a partition.
     * @return the hosted partition, or null if it is not hosted here.
     */
    public Partition partition(final int partitionId)
    {
        final HostedPartition entry = placement.isPartition(partitionId) ? hosted.get(partitionId) : null;
        return null == entry ? null : entry.partition;
    }

    /**
     * @return the placement of every partition over the hosts.
     */
    public ReplicaPlacement placement()
    {
        return placement;
    }

    /**
     * @return the counters of the node's ingress and control plane.
     */
    public IngressCounters counters()
    {
        return counters;
    }

    HostedPartition hosted(final int partitionId)
    {
        return hosted.get(partitionId);
    }

    /**
     * @return the host a client should use for a partition not hosted here: the first of its group that is not
     * this host, or 0 when there is none.
     */
    int redirectHost(final int partitionId)
    {
        for (int rank = 0; rank < placement.replicationFactor(); rank++)
        {
            final int host = placement.hostOf(partitionId, rank);
            if (host != ctx.hostIndex())
            {
                return host;
            }
        }
        return 0;
    }

    DirectBuffer hostAddress(final int hostIndex)
    {
        return hostAddresses[hostIndex];
    }

    /**
     * Closes every hosted partition (each drains, writes a pending snapshot and closes its journal).
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int id = 0; id < hosted.length(); id++)
        {
            final HostedPartition entry = hosted.getAndSet(id, null);
            if (null != entry && entry.ownedByNode)
            {
                CloseHelper.close(ctx.errorHandler(), entry.partition);
            }
        }
        counters.close();
    }
}
