package io.anthill.replication.cluster;

import java.util.HashMap;
import java.util.Map;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.anthill.engine.node.ClientFrameSink;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Where a node's answers to clients go: one Aeron publication per client response channel, found by session id.
 * Sessions are registered by the client endpoint's thread when a Connect arrives; answers come from that thread,
 * every partition's egress thread and every read model's thread. The session map is copied on write (connects are
 * rare) and published through a volatile field, so a lookup on the answer path takes no lock and allocates nothing.
 * An answer that cannot be offered after a few tries is dropped and counted: the client's retry covers it.
 * <p>
 * One exception: a Connect registers a new publication, which Aeron connects to the client a few milliseconds later,
 * so the Connected answer would always find it not connected yet. Answers the client endpoint thread produces for a
 * publication that is not connected (or behind one that waits) are kept in {@link PendingAnswers} and offered again on
 * every duty cycle ({@link #retryPending(long)}) until it connects or a deadline passes. Only that thread touches them,
 * so established sessions keep the lock-free, allocation-free answer path.
 */
final class ClientSessions implements ClientFrameSink, AutoCloseable
{
    private static final int OFFER_ATTEMPTS_MAX = 3;

    private final Aeron aeron;
    private final AtomicCounter answersDropped;
    private final Map<String, Publication> byChannel = new HashMap<>();
    private volatile Long2ObjectHashMap<Publication> bySession = new Long2ObjectHashMap<>();
    private final PendingAnswers pending;
    private volatile Thread endpointThread;
    private long nowNs;

    ClientSessions(final Aeron aeron, final AtomicCounter answersDropped)
    {
        this.aeron = aeron;
        this.answersDropped = answersDropped;
        this.pending = new PendingAnswers(answersDropped);
    }

    /**
     * Called once by the client endpoint thread when it starts: it alone keeps and retries pending answers.
     */
    void bindEndpointThread()
    {
        endpointThread = Thread.currentThread();
    }

    /**
     * The client endpoint thread's duty: offers the answers waiting for their publication to connect.
     *
     * @param nowNs the current time, also the start of the deadline of answers kept until the next call.
     * @return answers sent or dropped.
     */
    int retryPending(final long nowNs)
    {
        this.nowNs = nowNs;
        return pending.size() > 0 ? pending.retry(nowNs) : 0;
    }

    /**
     * @return answers waiting for their publication to connect.
     */
    int pendingAnswers()
    {
        return pending.size();
    }

    /**
     * Called on the client endpoint's thread before the Connect itself is handled, so its Connected answer can go out.
     */
    void register(final long sessionId, final String responseChannel, final int responseStreamId)
    {
        final String key = responseStreamId + "|" + responseChannel;
        Publication publication = byChannel.get(key);
        if (null == publication)
        {
            publication = aeron.addPublication(responseChannel, responseStreamId);
            byChannel.put(key, publication);
        }
        if (bySession.get(sessionId) != publication)
        {
            final Long2ObjectHashMap<Publication> copy = new Long2ObjectHashMap<>(bySession);
            copy.put(sessionId, publication);
            bySession = copy;
        }
    }

    @Override
    public void onFrame(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final Publication publication = bySession.get(sessionId);
        if (null == publication)
        {
            answersDropped.increment();
            return;
        }
        final boolean onEndpointThread = Thread.currentThread() == endpointThread;
        if (onEndpointThread && pending.holds(publication))
        {
            pending.add(publication, nowNs, buffer, offset, length);
            return;
        }
        for (int attempt = 0; attempt < OFFER_ATTEMPTS_MAX; attempt++)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                return;
            }
            if (result == Publication.NOT_CONNECTED && onEndpointThread)
            {
                pending.add(publication, nowNs, buffer, offset, length);
                return;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED)
            {
                break;
            }
        }
        answersDropped.increment();
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(byChannel.values());
    }
}
