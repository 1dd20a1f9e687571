package io.anthill.engine.node;

import java.nio.file.Path;
import java.util.List;

import io.anthill.codecs.client.CommandResponseDecoder;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.QueryResponseDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeRoutingTest
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
    void shouldServeWritesAndEveryReadConsistencyThroughFrames()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });
        assertNull(fixture.node.addPartition(0));
        fixture.connect(7);

        fixture.send(ClientFrames.command(7, 1, 0, AccountLedger.deposit(42, 5)));
        final FrameRecorder.Reply written = fixture.frames.awaitLast(1);
        assertEquals(CommandResponseDecoder.TEMPLATE_ID, written.templateId());
        assertEquals(List.of(1L, 5L), List.of(written.position(), written.value()));

        fixture.send(ClientFrames.query(7, 2, 0, Consistency.AT_LEAST, written.position(), 0, 42));
        fixture.send(ClientFrames.query(7, 3, 0, Consistency.LINEARIZABLE, 0, 0, 42));
        fixture.send(ClientFrames.query(7, 4, 0, Consistency.ANY, 0, 0, 42));
        final List<FrameRecorder.Reply> reads = fixture.frames.awaitCount(4).subList(1, 4);
        for (final FrameRecorder.Reply read : reads)
        {
            assertEquals(QueryResponseDecoder.TEMPLATE_ID, read.templateId(), read.toString());
        }
        final FrameRecorder.Reply atLeast = reads.stream().filter(r -> r.requestId() == 2).findFirst().orElseThrow();
        final FrameRecorder.Reply linearizable = reads.stream().filter(r -> r.requestId() == 3).findFirst().orElseThrow();
        assertEquals(5, atLeast.value(), "read-your-writes");
        assertTrue(atLeast.position() >= 1);
        assertEquals(5, linearizable.value());
        assertEquals(3, fixture.node.counters().queriesAccepted());
    }

    @Test
    void shouldAnswerWrongNodeWithTheAddressOfTheHostThatHasThePartition()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });
        assertNull(fixture.node.addPartition(0));
        fixture.connect(7);

        fixture.send(ClientFrames.command(7, 1, 1, AccountLedger.deposit(42, 5)));
        fixture.send(ClientFrames.query(7, 2, 2, Consistency.ANY, 0, 0, 42));

        final List<FrameRecorder.Reply> replies = fixture.awaitReplies(2);
        assertRefused(replies.get(0), 1, ErrorCode.WRONG_NODE, NodeFixture.address(2));
        assertRefused(replies.get(1), 2, ErrorCode.WRONG_NODE, NodeFixture.address(3));
        assertEquals(2, fixture.node.counters().refused(ErrorCode.WRONG_NODE));
    }

    @Test
    void shouldRedirectToTheNextReplicaOfTheGroupWhenThisHostIsNotInIt()
    {
        fixture = new NodeFixture(dir, 1, 3, 8, 2, 1024, ctx -> { });
        assertEquals(ErrorCode.WRONG_NODE, fixture.node.addPartition(1), "host-1 holds no replica of partition 1");
        fixture.connect(7);

        fixture.send(ClientFrames.command(7, 1, 1, AccountLedger.deposit(42, 5)));
        fixture.send(ClientFrames.command(7, 2, 2, AccountLedger.deposit(42, 5)));

        final List<FrameRecorder.Reply> replies = fixture.awaitReplies(2);
        assertRefused(replies.get(0), 1, ErrorCode.WRONG_NODE, NodeFixture.address(2));
        assertRefused(replies.get(1), 2, ErrorCode.WRONG_NODE, NodeFixture.address(3));
    }

    @Test
    void shouldAnswerUnknownPartitionOutsideTheDeploymentOrWhenAssignedHereButNotHosted()
    {
        fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024, ctx -> { });
        fixture.connect(7);

        fixture.send(ClientFrames.command(7, 1, 6, AccountLedger.deposit(42, 5)));
        fixture.send(ClientFrames.command(7, 2, -1, AccountLedger.deposit(42, 5)));
        fixture.send(ClientFrames.command(7, 3, 3, AccountLedger.deposit(42, 5)));

        final List<FrameRecorder.Reply> replies = fixture.awaitReplies(3);
        for (int i = 0; i < 3; i++)
        {
            assertRefused(replies.get(i), i + 1, ErrorCode.UNKNOWN_PARTITION, "");
        }
    }

    @Test
    void shouldRefuseAConnectOverTheSessionCapacityOverloadedButKeepConnectedSessions()
    {
        fixture = new NodeFixture(dir, 1, 1, 1, 1, 1024, ctx -> ctx.sessionCapacity(2));
        assertNull(fixture.node.addPartition(0));
        fixture.connect(1);
        fixture.connect(2);

        fixture.send(ClientFrames.connect(3, NodeFixture.CLIENT));
        fixture.send(ClientFrames.connect(1, NodeFixture.CLIENT));
        fixture.send(ClientFrames.command(2, 1, 0, AccountLedger.deposit(1, 1)));

        final List<FrameRecorder.Reply> replies = fixture.awaitReplies(3);
        assertEquals(ErrorCode.OVERLOADED, replies.get(0).code(), "a third session does not fit");
        assertNull(replies.get(1).code(), "a connected session may connect again");
        assertEquals(1, replies.get(2).value(), "connected sessions are still served");
    }

    static void assertRefused(
        final FrameRecorder.Reply reply, final long requestId, final ErrorCode code, final String redirect)
    {
        assertEquals(code, reply.code(), reply.toString());
        assertEquals(requestId, reply.requestId(), reply.toString());
        assertEquals(redirect, reply.redirect(), reply.toString());
    }
}
