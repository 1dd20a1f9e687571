package io.anthill.engine.node;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;

import io.anthill.codecs.client.CommandResponseDecoder;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ControlAction;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.QueryRequestDecoder;
import io.anthill.codecs.client.QueryResponseDecoder;
import io.anthill.engine.PartitionConfiguration;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class IngressErrorPathsTest
{
    private static final int TEMPLATE_ID_OFFSET = 2;
    private static final int SCHEMA_ID_OFFSET = 4;
    private static final int VERSION_OFFSET = 6;

    @TempDir
    Path dir;

    private NodeFixture fixture;

    @BeforeEach
    void launch()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });
        assertNull(fixture.node.addPartition(0));
        fixture.connect(7);
    }

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @Test
    void shouldAnswerEveryMalformedFrameWithMalformedFrame()
    {
        final UnsafeBuffer valid = ClientFrames.command(7, 1, 0, AccountLedger.deposit(1, 1));
        sendAndExpect(new UnsafeBuffer(new byte[5]), ErrorCode.MALFORMED_FRAME);
        sendAndExpect(patchShort(valid, SCHEMA_ID_OFFSET, 99), ErrorCode.MALFORMED_FRAME);
        sendAndExpect(patchShort(valid, VERSION_OFFSET, 0), ErrorCode.MALFORMED_FRAME);
        sendAndExpect(patchShort(valid, 0, 4), ErrorCode.MALFORMED_FRAME);
        sendAndExpect(new UnsafeBuffer(valid.byteArray(), 0, valid.capacity() - 1), ErrorCode.MALFORMED_FRAME);
        final UnsafeBuffer query = ClientFrames.query(7, 2, 0, Consistency.ANY, 0, 0, 1);
        query.putByte(MessageHeaderDecoder.ENCODED_LENGTH + QueryRequestDecoder.consistencyEncodingOffset(), (byte)9);
        sendAndExpect(query, ErrorCode.MALFORMED_FRAME);
        final UnsafeBuffer batch = ClientFrames.batch(7, 0, 10, AccountLedger.deposit(1, 1), AccountLedger.deposit(1, 2));
        sendAndExpect(new UnsafeBuffer(batch.byteArray(), 0, batch.capacity() - 3), ErrorCode.MALFORMED_FRAME);

        assertEquals(7, fixture.node.counters().refused(ErrorCode.MALFORMED_FRAME));
        assertEquals(0, fixture.ledgers.get(0).stateDigest(), "nothing was applied");
    }

    @Test
    void shouldAnswerUnknownAndWrongPlaneMessageTypesWithUnknownMessageType()
    {
        final UnsafeBuffer valid = ClientFrames.command(7, 1, 0, AccountLedger.deposit(1, 1));
        sendAndExpect(patchShort(valid, TEMPLATE_ID_OFFSET, 999), ErrorCode.UNKNOWN_MESSAGE_TYPE);
        sendAndExpect(patchShort(valid, TEMPLATE_ID_OFFSET, CommandResponseDecoder.TEMPLATE_ID),
            ErrorCode.UNKNOWN_MESSAGE_TYPE);
        sendAndExpect(ClientFrames.control(1, ControlAction.LIST_PARTITIONS, 0, NodeFixture.ADMIN),
            ErrorCode.UNKNOWN_MESSAGE_TYPE);

        assertEquals(3, fixture.node.counters().refused(ErrorCode.UNKNOWN_MESSAGE_TYPE));
    }

    @Test
    void shouldAnswerRequestsOfUnconnectedOrBadlyCredentialedSessionsWithUnauthenticated()
    {
        sendAndExpect(ClientFrames.command(8, 1, 0, AccountLedger.deposit(1, 1)), ErrorCode.UNAUTHENTICATED);
        sendAndExpect(ClientFrames.query(8, 2, 0, Consistency.ANY, 0, 0, 1), ErrorCode.UNAUTHENTICATED);
        sendAndExpect(ClientFrames.batch(8, 0, 3, AccountLedger.deposit(1, 1)), ErrorCode.UNAUTHENTICATED);
        sendAndExpect(ClientFrames.connect(8, ClientFrames.bytes("client-credentiaX")), ErrorCode.UNAUTHENTICATED);
        sendAndExpect(ClientFrames.connect(8, new byte[0]), ErrorCode.UNAUTHENTICATED);
        sendAndExpect(ClientFrames.command(8, 4, 0, AccountLedger.deposit(1, 1)), ErrorCode.UNAUTHENTICATED);

        assertEquals(6, fixture.node.counters().refused(ErrorCode.UNAUTHENTICATED));
        assertEquals(0, fixture.ledgers.get(0).stateDigest(), "nothing was applied");
    }

    @Test
    void shouldAnswerOversizedFramesAndPayloadsWithTheirErrors()
    {
        final UnsafeBuffer[] payloads = new UnsafeBuffer[300];
        for (int i = 0; i < payloads.length; i++)
        {
            payloads[i] = new UnsafeBuffer(new byte[4000]);
        }
        sendAndExpect(ClientFrames.batch(7, 0, 1, payloads), ErrorCode.BATCH_TOO_LARGE);
        final UnsafeBuffer tooLong = new UnsafeBuffer(new byte[PartitionConfiguration.PAYLOAD_LENGTH_MAX_DEFAULT + 1]);
        sendAndExpect(ClientFrames.command(7, 1, 0, tooLong), ErrorCode.PAYLOAD_TOO_LARGE);

        assertEquals(1, fixture.node.counters().refused(ErrorCode.BATCH_TOO_LARGE));
        assertEquals(1, fixture.node.counters().refused(ErrorCode.PAYLOAD_TOO_LARGE));
    }

    @Test
    void shouldAnswerReadsNoReadModelUnderstandsWithUnknownQuery()
    {
        sendAndExpect(ClientFrames.query(7, 1, 0, Consistency.ANY, 0, 3, 1), ErrorCode.UNKNOWN_QUERY);

        final UnsafeBuffer shortQuery = ClientFrames.query(7, 2, 0, Consistency.ANY, 0, 0, 1);
        final int payloadLengthAt = MessageHeaderDecoder.ENCODED_LENGTH + QueryRequestDecoder.BLOCK_LENGTH;
        shortQuery.putInt(payloadLengthAt, 4, ByteOrder.LITTLE_ENDIAN);
        sendAndExpect(new UnsafeBuffer(shortQuery.byteArray(), 0, payloadLengthAt + 8), ErrorCode.UNKNOWN_QUERY);
    }

    @Test
    void shouldApplyEachCommandOfABatchAndAnswerEachOnItsOwn()
    {
        fixture.send(ClientFrames.batch(7, 0, 10, AccountLedger.deposit(1, 1), AccountLedger.deposit(1, 2),
            AccountLedger.deposit(1, 3)));

        final List<FrameRecorder.Reply> replies = fixture.awaitReplies(3);
        assertEquals(List.of(10L, 11L, 12L), replies.stream().map(FrameRecorder.Reply::requestId).toList());
        assertEquals(List.of(1L, 3L, 6L), replies.stream().map(FrameRecorder.Reply::value).toList());
    }

    @Test
    void shouldServeAVersionOneQueryFrameFromReadModelZero()
    {
        fixture.send(ClientFrames.command(7, 1, 0, AccountLedger.deposit(42, 9)));
        fixture.awaitReplies(1);
        final UnsafeBuffer v2 = ClientFrames.query(7, 2, 0, Consistency.AT_LEAST, 1, 0, 42);
        final int fieldsEnd = MessageHeaderDecoder.ENCODED_LENGTH + QueryRequestDecoder.BLOCK_LENGTH;
        final UnsafeBuffer v1 = new UnsafeBuffer(new byte[v2.capacity() - 2]);
        v1.putBytes(0, v2, 0, fieldsEnd - 2);
        v1.putBytes(fieldsEnd - 2, v2, fieldsEnd, v2.capacity() - fieldsEnd);
        v1.putShort(0, (short)(QueryRequestDecoder.BLOCK_LENGTH - 2), ByteOrder.LITTLE_ENDIAN);
        v1.putShort(VERSION_OFFSET, (short)1, ByteOrder.LITTLE_ENDIAN);

        fixture.send(v1);

        final FrameRecorder.Reply read = fixture.frames.awaitLast(2);
        assertEquals(QueryResponseDecoder.TEMPLATE_ID, read.templateId(), read.toString());
        assertEquals(9, read.value());
    }

    private void sendAndExpect(final UnsafeBuffer frame, final ErrorCode code)
    {
        final int before = fixture.frames.replies.size();
        fixture.send(frame);
        final FrameRecorder.Reply reply = fixture.frames.awaitLast(before + 1);
        assertEquals(code, reply.code(), reply.toString());
    }

    private static UnsafeBuffer patchShort(final UnsafeBuffer frame, final int offset, final int value)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(frame.byteArray().clone());
        copy.putShort(offset, (short)value, ByteOrder.LITTLE_ENDIAN);
        return copy;
    }
}
