package io.anthill.codecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import io.anthill.codecs.client.CommandRequestDecoder;
import io.anthill.codecs.client.CommandRequestEncoder;
import io.anthill.codecs.client.CommandResponseDecoder;
import io.anthill.codecs.client.CommandResponseEncoder;
import io.anthill.codecs.client.ConnectDecoder;
import io.anthill.codecs.client.ConnectEncoder;
import io.anthill.codecs.client.ConnectedDecoder;
import io.anthill.codecs.client.ConnectedEncoder;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ErrorResponseDecoder;
import io.anthill.codecs.client.ErrorResponseEncoder;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.codecs.client.QueryRequestDecoder;
import io.anthill.codecs.client.QueryRequestEncoder;
import io.anthill.codecs.client.QueryResponseDecoder;
import io.anthill.codecs.client.QueryResponseEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * Every client-protocol message survives encode then decode through the decode idiom (header, schema id, template
 * id, body with the header's block length and version), and the decoder consumes exactly what the encoder wrote.
 */
class ClientProtocolCodecsTest
{
    private static final int OFFSET = 16;
    private static final byte[] PAYLOAD = "an opaque payload \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

    private int bodyOffset(final int templateId)
    {
        headerDecoder.wrap(buffer, OFFSET);
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, headerDecoder.schemaId());
        assertEquals(MessageHeaderDecoder.SCHEMA_VERSION, headerDecoder.version());
        assertEquals(templateId, headerDecoder.templateId());
        return OFFSET + MessageHeaderDecoder.ENCODED_LENGTH;
    }

    private static byte[] payloadOf(final int length, final PayloadReader reader)
    {
        final byte[] bytes = new byte[length];
        reader.read(bytes, 0, length);
        return bytes;
    }

    @FunctionalInterface
    interface PayloadReader
    {
        int read(byte[] dst, int offset, int length);
    }

    @Test
    void commandRequestRoundTrips()
    {
        final CommandRequestEncoder encoder = new CommandRequestEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionId(Long.MAX_VALUE).requestId(-2).partitionId(9)
            .putPayload(PAYLOAD, 0, PAYLOAD.length);
        final CommandRequestDecoder decoder = new CommandRequestDecoder().wrap(
            buffer, bodyOffset(CommandRequestDecoder.TEMPLATE_ID),
            headerDecoder.blockLength(), headerDecoder.version());
        assertEquals(Long.MAX_VALUE, decoder.sessionId());
        assertEquals(-2, decoder.requestId());
        assertEquals(9, decoder.partitionId());
        assertArrayEquals(PAYLOAD, payloadOf(decoder.payloadLength(), decoder::getPayload));
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void commandResponseRoundTrips()
    {
        final CommandResponseEncoder encoder = new CommandResponseEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionId(1).requestId(2).partitionId(3).view(4).position(5)
            .putPayload(PAYLOAD, 0, PAYLOAD.length);
        final CommandResponseDecoder decoder = new CommandResponseDecoder().wrap(
            buffer, bodyOffset(CommandResponseDecoder.TEMPLATE_ID),
            headerDecoder.blockLength(), headerDecoder.version());
        assertEquals(1, decoder.sessionId());
        assertEquals(2, decoder.requestId());
        assertEquals(3, decoder.partitionId());
        assertEquals(4, decoder.view());
        assertEquals(5, decoder.position());
        assertArrayEquals(PAYLOAD, payloadOf(decoder.payloadLength(), decoder::getPayload));
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void queryRequestRoundTripsEveryConsistency()
    {
        for (final Consistency consistency : new Consistency[]{Consistency.LINEARIZABLE, Consistency.AT_LEAST, Consistency.ANY})
        {
            final QueryRequestEncoder encoder = new QueryRequestEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
                .sessionId(11).requestId(12).partitionId(13).consistency(consistency).minPosition(14)
                .putPayload(PAYLOAD, 1, 3);
            final QueryRequestDecoder decoder = new QueryRequestDecoder().wrap(
                buffer, bodyOffset(QueryRequestDecoder.TEMPLATE_ID),
                headerDecoder.blockLength(), headerDecoder.version());
            assertEquals(11, decoder.sessionId());
            assertEquals(12, decoder.requestId());
            assertEquals(13, decoder.partitionId());
            assertEquals(consistency, decoder.consistency());
            assertEquals(14, decoder.minPosition());
            assertArrayEquals(new byte[]{PAYLOAD[1], PAYLOAD[2], PAYLOAD[3]}, payloadOf(decoder.payloadLength(), decoder::getPayload));
            assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
        }
    }

    @Test
    void queryResponseRoundTrips()
    {
        final QueryResponseEncoder encoder = new QueryResponseEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionId(21).requestId(22).partitionId(23).position(24)
            .putPayload(PAYLOAD, 0, 0);
        final QueryResponseDecoder decoder = new QueryResponseDecoder().wrap(
            buffer, bodyOffset(QueryResponseDecoder.TEMPLATE_ID),
            headerDecoder.blockLength(), headerDecoder.version());
        assertEquals(21, decoder.sessionId());
        assertEquals(22, decoder.requestId());
        assertEquals(23, decoder.partitionId());
        assertEquals(24, decoder.position());
        assertEquals(0, decoder.payloadLength());
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void errorResponseRoundTripsEveryErrorCode()
    {
        for (final ErrorCode code : ErrorCode.values())
        {
            if (code == ErrorCode.NULL_VAL)
            {
                continue;
            }
            final ErrorResponseEncoder encoder = new ErrorResponseEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
                .sessionId(31).requestId(32).partitionId(33).code(code).retryAfterMs(34).view(35)
                .redirect("aeron:udp?endpoint=127.0.0.1:20121").detail("détail " + code);
            final ErrorResponseDecoder decoder = new ErrorResponseDecoder().wrap(
                buffer, bodyOffset(ErrorResponseDecoder.TEMPLATE_ID),
                headerDecoder.blockLength(), headerDecoder.version());
            assertEquals(31, decoder.sessionId());
            assertEquals(32, decoder.requestId());
            assertEquals(33, decoder.partitionId());
            assertEquals(code, decoder.code());
            assertEquals(34, decoder.retryAfterMs());
            assertEquals(35, decoder.view());
            assertEquals("aeron:udp?endpoint=127.0.0.1:20121", decoder.redirect());
            assertEquals("détail " + code, decoder.detail());
            assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
        }
    }

    @Test
    void connectAndConnectedRoundTrip()
    {
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionId(41).responseStreamId(1001).responseChannel("aeron:ipc");
        connect.putCredential(new byte[]{7, 8, 9}, 0, 3);
        final ConnectDecoder connectDecoder = new ConnectDecoder().wrap(
            buffer, bodyOffset(ConnectDecoder.TEMPLATE_ID),
            headerDecoder.blockLength(), headerDecoder.version());
        assertEquals(41, connectDecoder.sessionId());
        assertEquals(1001, connectDecoder.responseStreamId());
        assertEquals("aeron:ipc", connectDecoder.responseChannel());
        final byte[] credential = new byte[3];
        assertEquals(3, connectDecoder.getCredential(credential, 0, 3), "the credential added in version 2");
        assertEquals(9, credential[2]);
        assertEquals(connect.encodedLength(), connectDecoder.sbeDecodedLength());

        final ConnectedEncoder connected = new ConnectedEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .sessionId(42).hostIndex(2);
        final ConnectedDecoder connectedDecoder = new ConnectedDecoder().wrap(
            buffer, bodyOffset(ConnectedDecoder.TEMPLATE_ID),
            headerDecoder.blockLength(), headerDecoder.version());
        assertEquals(42, connectedDecoder.sessionId());
        assertEquals(2, connectedDecoder.hostIndex());
        assertEquals(connected.encodedLength(), connectedDecoder.sbeDecodedLength());
    }
}
