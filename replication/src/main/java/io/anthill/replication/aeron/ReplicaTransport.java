package io.anthill.replication.aeron;

import java.util.List;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The replication traffic of one node over Aeron UDP: one subscription on the node's own endpoint, shared by every
 * partition it hosts (messages carry their partition id), and one exclusive publication per peer node. Owned by the
 * node's replication agent thread.
 * <p>
 * Back-pressure is never spun on: an offer that fails is retried a bounded number of times and then reported
 * false, and the protocol's retransmission (prepares resent until acknowledged, heartbeats) covers the loss.
 */
public final class ReplicaTransport implements AutoCloseable
{
    /** Offers tried before a back-pressured send is given up. */
    public static final int OFFER_ATTEMPTS_MAX = 3;

    private final int selfIndex;
    private final Subscription subscription;
    private final ExclusivePublication[] publications;
    private final AtomicCounter sendsDropped;

    /**
     * @param aeron        the node's Aeron client.
     * @param selfIndex    this node's index in endpoints.
     * @param endpoints    every node's replication endpoint, "host:port", by node index.
     * @param streamId     the replication stream id.
     * @param sendsDropped counts sends given up under back-pressure or without a connected peer.
     */
    public ReplicaTransport(
        final Aeron aeron, final int selfIndex, final List<String> endpoints, final int streamId,
        final AtomicCounter sendsDropped)
    {
        this.selfIndex = selfIndex;
        this.sendsDropped = sendsDropped;
        this.subscription = aeron.addSubscription(channel(endpoints.get(selfIndex)), streamId);
        this.publications = new ExclusivePublication[endpoints.size()];
        for (int i = 0; i < endpoints.size(); i++)
        {
            if (i != selfIndex)
            {
                publications[i] = aeron.addExclusivePublication(channel(endpoints.get(i)), streamId);
            }
        }
    }

    static String channel(final String endpoint)
    {
        return "aeron:udp?endpoint=" + endpoint + "|term-length=" + EmbeddedMediaDriver.TERM_LENGTH_BYTES;
    }

    /**
     * Sends one message to a peer node.
     *
     * @return true if Aeron took it; false if the peer is not connected or back-pressured beyond the retry limit.
     */
    public boolean send(final int nodeIndex, final DirectBuffer buffer, final int offset, final int length)
    {
        if (nodeIndex == selfIndex)
        {
            throw new IllegalArgumentException("a node does not send to itself: " + nodeIndex);
        }
        final ExclusivePublication publication = publications[nodeIndex];
        for (int attempt = 0; attempt < OFFER_ATTEMPTS_MAX; attempt++)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                break;
            }
        }
        sendsDropped.increment();
        return false;
    }

    /**
     * @return the largest message a send accepts.
     */
    public int maxMessageLength()
    {
        for (final ExclusivePublication publication : publications)
        {
            if (null != publication)
            {
                return publication.maxMessageLength();
            }
        }
        return EmbeddedMediaDriver.TERM_LENGTH_BYTES / 8;
    }

    /**
     * Creates the handler to pass to {@link #poll}: reassembles messages longer than one frame.
     *
     * @param handler receives whole messages.
     * @return the reassembling handler; create it once.
     */
    public static FragmentHandler reassembling(final FragmentHandler handler)
    {
        return new FragmentAssembler(handler);
    }

    /**
     * @param handler from {@link #reassembling}.
     * @param fragmentLimit most fragments to take now.
     * @return fragments taken.
     */
    public int poll(final FragmentHandler handler, final int fragmentLimit)
    {
        return subscription.poll(handler, fragmentLimit);
    }

    /**
     * @param nodeIndex a peer.
     * @return true if its publication has a connected subscriber.
     */
    public boolean isConnected(final int nodeIndex)
    {
        return null != publications[nodeIndex] && publications[nodeIndex].isConnected();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(publications);
        CloseHelper.close(subscription);
    }
}
