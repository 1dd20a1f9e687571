package io.anthill.engine.node;

import java.nio.file.Path;

import io.anthill.codecs.client.CommandResponseDecoder;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.CommitGate;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.ResponseSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A replicated partition adopted by a node, driven by the test as its replica agent would: answers carry the view
 * the replica is in, and a follower's NOT_PRIMARY names the primary of that view (member v mod n of the group), not
 * the group's first host, so a client reaches the new primary after a failover in one hop.
 */
class ViewInAnswersTest
{
    private static final int PARTITION = 0;
    private static final long TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    private final CommitGate gate = CommitGate.replicated();
    private NodeFixture fixture;
    private Partition partition;

    @AfterEach
    void close()
    {
        if (null != partition)
        {
            partition.close();
        }
        fixture.close();
    }

    @Test
    void shouldRedirectToThePrimaryOfTheViewAndStampTheViewOnEveryAnswer()
    {
        fixture = new NodeFixture(dir, 1, 3, 3, 3, 1024, ctx -> { });
        final ResponseSink publisher = fixture.node.newResponsePublisher(PARTITION);
        partition = Partition.launch(new PartitionContext()
            .partitionId(PARTITION)
            .replicated(true)
            .commitGate(gate)
            .stateMachine(new AccountLedger())
            .addProjection(new AccountReadModel())
            .responseSink(publisher)
            .replicationHandler((entry, endOfBatch) -> { })
            .journalDirectory(dir.resolve("replicated").resolve("journal"))
            .snapshotDirectory(dir.resolve("replicated").resolve("snapshots"))
            .ringSize(64));
        assertNull(fixture.node.adoptPartition(PARTITION, partition, publisher));
        fixture.connect(7);

        partition.startEpoch(4, false);
        partition.openIngress();
        fixture.send(ClientFrames.command(7, 1, PARTITION, AccountLedger.deposit(42, 5)));
        final FrameRecorder.Reply refused = fixture.frames.awaitLast(1);
        NodeRoutingTest.assertRefused(refused, 1, ErrorCode.NOT_PRIMARY, NodeFixture.address(2));
        assertEquals(4, refused.view(), "view 4's primary is member 4 mod 3 = 1 of the group, host-2");

        partition.startEpoch(6, true);
        partition.openIngress();
        fixture.send(ClientFrames.command(7, 2, PARTITION, AccountLedger.deposit(42, 5)));
        gate.commit(1);
        partition.awaitApplied(1, TIMEOUT_MS);
        final FrameRecorder.Reply written = fixture.frames.awaitLast(2);
        assertEquals(CommandResponseDecoder.TEMPLATE_ID, written.templateId(), written.toString());
        assertEquals(1, written.position());
        assertEquals(6, written.view(), "the response names the view that ordered it");
    }
}
