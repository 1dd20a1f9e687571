package io.anthill.engine.node;

import java.nio.charset.StandardCharsets;

import io.anthill.codecs.client.CommandBatchEncoder;
import io.anthill.codecs.client.CommandRequestEncoder;
import io.anthill.codecs.client.ConnectEncoder;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ControlAction;
import io.anthill.codecs.client.ControlRequestEncoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.codecs.client.QueryRequestEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds client-protocol frames the way a client library would, each in a buffer of exactly the frame's length
 * (tests allocate freely).
 */
final class ClientFrames
{
    private ClientFrames()
    {
    }

    static UnsafeBuffer connect(final long sessionId, final byte[] credential)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final ConnectEncoder encoder = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.sessionId(sessionId).responseStreamId(1).responseChannel("aeron:ipc");
        encoder.putCredential(credential, 0, credential.length);
        return copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static UnsafeBuffer command(final long sessionId, final long requestId, final int partitionId, final DirectBuffer payload)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final CommandRequestEncoder encoder = new CommandRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.sessionId(sessionId).requestId(requestId).partitionId(partitionId)
            .putPayload(payload, 0, payload.capacity());
        return copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static UnsafeBuffer query(
        final long sessionId, final long requestId, final int partitionId, final Consistency consistency,
        final long minPosition, final int readModel, final long account)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final QueryRequestEncoder encoder = new QueryRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        final UnsafeBuffer query = new UnsafeBuffer(new byte[Long.BYTES]);
        query.putLong(0, account);
        encoder.sessionId(sessionId).requestId(requestId).partitionId(partitionId).consistency(consistency)
            .minPosition(minPosition).readModel(readModel).putPayload(query, 0, Long.BYTES);
        return copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static UnsafeBuffer batch(final long sessionId, final int partitionId, final long firstRequestId,
        final DirectBuffer... payloads)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final CommandBatchEncoder encoder = new CommandBatchEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.sessionId(sessionId).partitionId(partitionId);
        final CommandBatchEncoder.CommandsEncoder commands = encoder.commandsCount(payloads.length);
        for (int i = 0; i < payloads.length; i++)
        {
            commands.next().requestId(firstRequestId + i).putPayload(payloads[i], 0, payloads[i].capacity());
        }
        return copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static UnsafeBuffer control(
        final long requestId, final ControlAction action, final int partitionId, final byte[] credential)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final ControlRequestEncoder encoder = new ControlRequestEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.requestId(requestId).action(action).partitionId(partitionId).putCredential(credential, 0,
            credential.length);
        return copy(buffer, MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static UnsafeBuffer copy(final DirectBuffer buffer, final int length)
    {
        final byte[] frame = new byte[length];
        buffer.getBytes(0, frame);
        return new UnsafeBuffer(frame);
    }
}
