package io.anthill.engine.node;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ControlAction;
import io.anthill.codecs.client.ControlRequestEncoder;
import io.anthill.codecs.client.ControlResponseDecoder;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.engine.Partition;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlPlaneTest
{
    @TempDir
    Path dir;

    private NodeFixture fixture;

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @Test
    void shouldRefuseAMissingOrWrongCredentialAndChangeNothing()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });
        final byte[] wrongLastByte = NodeFixture.ADMIN.clone();
        wrongLastByte[wrongLastByte.length - 1] ^= 1;

        expectRefused(ClientFrames.control(1, ControlAction.ADD_PARTITION, 0, new byte[0]), ErrorCode.UNAUTHENTICATED);
        expectRefused(ClientFrames.control(2, ControlAction.ADD_PARTITION, 0, wrongLastByte), ErrorCode.UNAUTHENTICATED);
        expectRefused(ClientFrames.control(3, ControlAction.ADD_PARTITION, 0, ClientFrames.bytes("admin")),
            ErrorCode.UNAUTHENTICATED);
        expectRefused(ClientFrames.control(4, ControlAction.LIST_PARTITIONS, 0, NodeFixture.CLIENT),
            ErrorCode.UNAUTHENTICATED);

        assertEquals(List.of(), fixture.node.hostedPartitionIds());
        assertEquals(4, fixture.node.counters().refused(ErrorCode.UNAUTHENTICATED));
    }

    @Test
    void shouldAddListSnapshotAndRemovePartitions()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });

        assertEquals(List.of(0), control(1, ControlAction.ADD_PARTITION, 0).partitions());
        assertEquals(List.of(0, 3), control(2, ControlAction.ADD_PARTITION, 3).partitions());
        assertEquals(List.of(0, 3), control(3, ControlAction.ADD_PARTITION, 3).partitions(), "adding is idempotent");
        assertEquals(List.of(0, 3), control(4, ControlAction.LIST_PARTITIONS, 0).partitions());

        fixture.connect(7);
        fixture.send(ClientFrames.command(7, 1, 3, AccountLedger.deposit(1, 5)));
        assertEquals(5, fixture.frames.awaitLast(1).value(), "the added partition serves the data plane");

        control(5, ControlAction.SNAPSHOT_NOW, 3);
        final Partition partition = fixture.node.partition(3);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (partition.counters().snapshotsTaken() < 1)
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "snapshot not taken");
            Thread.yield();
        }

        control(11, ControlAction.READ_MODEL_DIGESTS, 3);
        final ControlResponseDecoder digests = new ControlResponseDecoder()
            .wrapAndApplyHeader(lastControlFrame(), 0, new MessageHeaderDecoder());
        digests.partitions().forEach(hosted -> { });
        final ControlResponseDecoder.ReadModelsDecoder readModels = digests.readModels();
        assertEquals(1, readModels.count());
        readModels.next();
        assertTrue(readModels.position() >= 1 && readModels.position() <= partition.appliedOp(),
            "the read model reports the op it reflects, at least the deposit's: " + readModels.position());
        assertEquals(partition.readModelNames().get(0), readModels.name());
        expectRefused(ClientFrames.control(12, ControlAction.READ_MODEL_DIGESTS, 5, NodeFixture.ADMIN),
            ErrorCode.UNKNOWN_PARTITION);

        assertEquals(List.of(0), control(6, ControlAction.REMOVE_PARTITION, 3).partitions());
        expectRefused(ClientFrames.control(7, ControlAction.REMOVE_PARTITION, 3, NodeFixture.ADMIN),
            ErrorCode.UNKNOWN_PARTITION);
        expectRefused(ClientFrames.control(8, ControlAction.ADD_PARTITION, 1, NodeFixture.ADMIN), ErrorCode.WRONG_NODE);
        expectRefused(ClientFrames.control(9, ControlAction.ADD_PARTITION, 99, NodeFixture.ADMIN),
            ErrorCode.UNKNOWN_PARTITION);
        expectRefused(ClientFrames.control(10, ControlAction.SNAPSHOT_NOW, 3, NodeFixture.ADMIN),
            ErrorCode.UNKNOWN_PARTITION);

        fixture.send(ClientFrames.command(7, 2, 3, AccountLedger.deposit(1, 5)));
        assertEquals(ErrorCode.UNKNOWN_PARTITION, fixture.frames.awaitLast(2).code(), "removed: no longer routed");
    }

    @Test
    void shouldRateLimitTheControlPlane()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> ctx.controlRequestsPerSecond(3));
        for (int i = 1; i <= 3; i++)
        {
            control(i, ControlAction.LIST_PARTITIONS, 0);
        }
        expectRefused(ClientFrames.control(4, ControlAction.LIST_PARTITIONS, 0, NodeFixture.ADMIN), ErrorCode.OVERLOADED);

        fixture.nowNs.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals(List.of(), control(5, ControlAction.LIST_PARTITIONS, 0).partitions());
    }

    @Test
    void shouldRefuseMalformedAndDataPlaneFramesOnTheControlPlane()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });
        expectRefused(new UnsafeBuffer(new byte[3]), ErrorCode.MALFORMED_FRAME);
        expectRefused(ClientFrames.command(7, 1, 0, AccountLedger.deposit(1, 1)), ErrorCode.UNKNOWN_MESSAGE_TYPE);
        final UnsafeBuffer truncated = ClientFrames.control(1, ControlAction.LIST_PARTITIONS, 0, NodeFixture.ADMIN);
        expectRefused(new UnsafeBuffer(truncated.byteArray(), 0, truncated.capacity() - 1), ErrorCode.MALFORMED_FRAME);
    }

    @Test
    void shouldServeAVersion2RequestWithoutAReturnAddress()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });
        final byte[] credential = NodeFixture.ADMIN;
        final UnsafeBuffer v2 = new UnsafeBuffer(new byte[MessageHeaderEncoder.ENCODED_LENGTH + 13 + 4 + credential.length]);
        new MessageHeaderEncoder().wrap(v2, 0).blockLength(13).templateId(ControlRequestEncoder.TEMPLATE_ID)
            .schemaId(ControlRequestEncoder.SCHEMA_ID).version(2);
        final int body = MessageHeaderEncoder.ENCODED_LENGTH;
        v2.putLong(body, 11, ByteOrder.LITTLE_ENDIAN);
        v2.putByte(body + 8, (byte)ControlAction.ADD_PARTITION.value());
        v2.putInt(body + 9, 3, ByteOrder.LITTLE_ENDIAN);
        v2.putInt(body + 13, credential.length, ByteOrder.LITTLE_ENDIAN);
        v2.putBytes(body + 17, credential);

        fixture.sendControl(v2);

        final FrameRecorder.Reply reply = fixture.controlFrames.awaitLast(1);
        assertNull(reply.code(), reply.toString());
        assertEquals(11, reply.requestId());
        assertEquals(List.of(3), reply.partitions());
    }

    @Test
    void shouldRefuseAStepDownOnANodeWithoutReplication()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });
        control(1, ControlAction.ADD_PARTITION, 0);

        expectRefused(ClientFrames.control(2, ControlAction.STEP_DOWN, 0, NodeFixture.ADMIN),
            ErrorCode.UNSUPPORTED_ACTION);
    }

    private FrameRecorder.Reply control(final long requestId, final ControlAction action, final int partitionId)
    {
        final int before = fixture.controlFrames.replies.size();
        fixture.sendControl(ClientFrames.control(requestId, action, partitionId, NodeFixture.ADMIN));
        final FrameRecorder.Reply reply = fixture.controlFrames.awaitLast(before + 1);
        assertNull(reply.code(), reply.toString());
        assertEquals(requestId, reply.requestId());
        return reply;
    }

    private UnsafeBuffer lastControlFrame()
    {
        UnsafeBuffer last = null;
        for (final UnsafeBuffer frame : fixture.controlFrames.frames)
        {
            last = frame;
        }
        return last;
    }

    private void expectRefused(final UnsafeBuffer frame, final ErrorCode code)
    {
        final int before = fixture.controlFrames.replies.size();
        fixture.sendControl(frame);
        final FrameRecorder.Reply reply = fixture.controlFrames.awaitLast(before + 1);
        assertEquals(code, reply.code(), reply.toString());
    }
}
