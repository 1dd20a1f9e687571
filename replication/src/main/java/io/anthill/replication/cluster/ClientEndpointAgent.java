package io.anthill.replication.cluster;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.anthill.codecs.client.ConnectDecoder;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.engine.node.ClientIngressAdapter;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The client-protocol I/O thread of a node: polls the node's client subscription and hands every frame to the
 * transport-agnostic {@link ClientIngressAdapter}, which decodes, routes and answers it. A Connect also registers the
 * client's response channel first, so the node can answer the session at all; answers waiting for that channel's
 * publication to connect are offered again at the start of every duty cycle.
 */
final class ClientEndpointAgent implements Agent, FragmentHandler
{
    private static final int FRAGMENT_LIMIT = 64;

    private final String roleName;
    private final Subscription subscription;
    private final ClientIngressAdapter ingress;
    private final ClientSessions sessions;
    private final ErrorHandler errorHandler;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ConnectDecoder connect = new ConnectDecoder();
    private final NanoClock clock = SystemNanoClock.INSTANCE;

    ClientEndpointAgent(
        final String hostName, final Subscription subscription, final ClientIngressAdapter ingress,
        final ClientSessions sessions, final ErrorHandler errorHandler)
    {
        this.roleName = "anthill-" + hostName + "-clients";
        this.subscription = subscription;
        this.ingress = ingress;
        this.sessions = sessions;
        this.errorHandler = errorHandler;
    }

    @Override
    public void onStart()
    {
        sessions.bindEndpointThread();
    }

    @Override
    public int doWork()
    {
        // answers kept while a new client's publication connects go first, and set the time of the ones kept now
        final int work = sessions.retryPending(clock.nanoTime());
        return work + subscription.poll(assembler, FRAGMENT_LIMIT);
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header frameHeader)
    {
        if (length >= MessageHeaderDecoder.ENCODED_LENGTH)
        {
            header.wrap(buffer, offset);
            if (header.schemaId() == MessageHeaderDecoder.SCHEMA_ID && header.templateId() == ConnectDecoder.TEMPLATE_ID)
            {
                registerResponseChannel(buffer, offset, length);
            }
        }
        ingress.onFrame(buffer, offset, length);
    }

    private void registerResponseChannel(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            connect.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
            final long sessionId = connect.sessionId();
            final int streamId = connect.responseStreamId();
            final String channel = connect.responseChannel();
            if (channel.startsWith("aeron:udp?endpoint=") || channel.startsWith("aeron:ipc"))
            {
                sessions.register(sessionId, channel, streamId);
            }
        }
        catch (final RuntimeException ex)
        {
            // a malformed Connect: the ingress answers it MALFORMED_FRAME; nothing to register
            errorHandler.onError(new IllegalArgumentException("malformed Connect of " + length + " bytes", ex));
        }
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
