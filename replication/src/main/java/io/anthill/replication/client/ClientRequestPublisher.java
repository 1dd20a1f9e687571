package io.anthill.replication.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.anthill.codecs.client.CommandRequestEncoder;
import io.anthill.codecs.client.ConnectEncoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.codecs.client.QueryRequestEncoder;
import io.anthill.replication.cluster.ClusterNode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the client's requests and offers them to a host's client endpoint: one exclusive publication per host,
 * one encoding buffer, reused for every frame, so sending allocates nothing. An offer that fails (back pressure, or
 * a host not connected) is reported, never retried here: the client decides when to try again and where.
 */
final class ClientRequestPublisher implements AutoCloseable
{
    private static final int FRAME_OVERHEAD_BYTES = 128;

    private final ExclusivePublication[] publications;
    private final UnsafeBuffer buffer;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ConnectEncoder connect = new ConnectEncoder();
    private final CommandRequestEncoder command = new CommandRequestEncoder();
    private final QueryRequestEncoder query = new QueryRequestEncoder();
    private final byte[] responseChannel;
    private final byte[] credential;

    ClientRequestPublisher(
        final Aeron aeron, final List<String> clientEndpoints, final String responseChannel, final byte[] credential,
        final int payloadLengthMax)
    {
        this.publications = new ExclusivePublication[clientEndpoints.size()];
        this.responseChannel = responseChannel.getBytes(StandardCharsets.UTF_8);
        this.credential = null == credential ? new byte[0] : credential;
        this.buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(
            payloadLengthMax + this.responseChannel.length + this.credential.length + FRAME_OVERHEAD_BYTES));
        try
        {
            for (int host = 0; host < publications.length; host++)
            {
                publications[host] = aeron.addExclusivePublication(
                    "aeron:udp?endpoint=" + clientEndpoints.get(host), ClusterNode.CLIENT_STREAM_ID);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(publications);
            throw ex;
        }
    }

    boolean connect(final int host, final long sessionId)
    {
        connect.wrapAndApplyHeader(buffer, 0, header)
            .sessionId(sessionId)
            .responseStreamId(ClusterNode.CLIENT_STREAM_ID)
            .putResponseChannel(responseChannel, 0, responseChannel.length)
            .putCredential(credential, 0, credential.length);
        return offer(host, MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
    }

    boolean send(final int host, final RequestSlot slot)
    {
        final int length;
        if (slot.query)
        {
            query.wrapAndApplyHeader(buffer, 0, header)
                .sessionId(slot.sessionId)
                .requestId(slot.requestId)
                .partitionId(slot.partitionId)
                .consistency(slot.consistency)
                .minPosition(slot.minPosition)
                .readModel(slot.readModel)
                .putPayload(slot.payload, 0, slot.payloadLength);
            length = query.encodedLength();
        }
        else
        {
            command.wrapAndApplyHeader(buffer, 0, header)
                .sessionId(slot.sessionId)
                .requestId(slot.requestId)
                .partitionId(slot.partitionId)
                .putPayload(slot.payload, 0, slot.payloadLength);
            length = command.encodedLength();
        }
        return offer(host, MessageHeaderEncoder.ENCODED_LENGTH + length);
    }

    boolean isConnected(final int host)
    {
        return publications[host].isConnected();
    }

    private boolean offer(final int host, final int length)
    {
        return publications[host].offer(buffer, 0, length) > 0;
    }

    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(publications);
    }
}
