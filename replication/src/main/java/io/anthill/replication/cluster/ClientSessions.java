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
 */
final class ClientSessions implements ClientFrameSink, AutoCloseable
{
    private static final int OFFER_ATTEMPTS_MAX = 3;

    private final Aeron aeron;
    private final AtomicCounter answersDropped;
    private final Map<String, Publication> byChannel = new HashMap<>();
    private volatile Long2ObjectHashMap<Publication> bySession = new Long2ObjectHashMap<>();

    ClientSessions(final Aeron aeron, final AtomicCounter answersDropped)
    {
        this.aeron = aeron;
        this.answersDropped = answersDropped;
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
        for (int attempt = 0; attempt < OFFER_ATTEMPTS_MAX; attempt++)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
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
