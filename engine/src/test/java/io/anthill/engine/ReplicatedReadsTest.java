package io.anthill.engine;

import java.nio.file.Path;

import io.anthill.codecs.client.Consistency;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reads on a replicated partition, driven by the test as a replica agent would: a read waiting for a position
 * survives a view change (the read model and its queue outlive ring epochs), and a follower refuses LINEARIZABLE
 * reads but serves AT_LEAST and ANY ones from its own read model.
 */
class ReplicatedReadsTest
{
    private static final long TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    private final BalanceProjection balances = new BalanceProjection();
    private final RecordingQuerySink reads = new RecordingQuerySink();
    private final CommitGate gate = CommitGate.replicated();
    private Partition partition;

    @AfterEach
    void close()
    {
        balances.release();
        if (null != partition)
        {
            partition.close();
        }
    }

    @Test
    void shouldServeAReadWaitingAcrossAViewChangeFromTheNextEpoch()
    {
        launch();
        partition.startEpoch(1, true);
        partition.openIngress();
        final UnsafeBuffer deposit = LedgerStateMachine.deposit(7, 10);
        assertEquals(SubmitResult.ACCEPTED, partition.submit(1, 1, deposit, 0, deposit.capacity()));
        gate.commit(1);
        partition.awaitApplied(1, TIMEOUT_MS);
        assertEquals(SubmitResult.ACCEPTED, query(Consistency.AT_LEAST, 2, 1));

        partition.startEpoch(2, false);
        partition.openIngress();
        assertEquals(SubmitResult.NOT_PRIMARY, query(Consistency.LINEARIZABLE, 0, 2), "a follower is not linearizable");
        final UnsafeBuffer body = clientCommandBody(LedgerStateMachine.deposit(7, 3));
        assertEquals(SubmitResult.ACCEPTED, partition.publishReplicated(2, 2, 5, body, 0, body.capacity()));
        gate.commit(2);

        assertEquals(new RecordingQuerySink.Answer(1, 1, 2, 13, null), reads.awaitOne());
        assertEquals(SubmitResult.ACCEPTED, query(Consistency.ANY, 0, 3));
        assertEquals(13, reads.awaitCount(2).get(1).value(), "the follower serves ANY from its read model");
    }

    private SubmitResult query(final Consistency consistency, final long minPosition, final long requestId)
    {
        final UnsafeBuffer query = new UnsafeBuffer(new byte[Long.BYTES]);
        query.putLong(0, 7);
        return partition.query(0, consistency, minPosition, 1, requestId, query, 0, Long.BYTES, reads);
    }

    private static UnsafeBuffer clientCommandBody(final UnsafeBuffer payload)
    {
        final PartitionEvent event = new PartitionEvent();
        final int length = event.bodyEncoder.clientCommand(event.body, 9, 1, payload, 0, payload.capacity());
        final byte[] copy = new byte[length];
        event.body.getBytes(0, copy);
        return new UnsafeBuffer(copy);
    }

    private void launch()
    {
        partition = Partition.launch(new PartitionContext()
            .partitionId(3)
            .replicated(true)
            .commitGate(gate)
            .stateMachine(new LedgerStateMachine())
            .addProjection(balances)
            .responseSink(new RecordingSink())
            .replicationHandler((entry, endOfBatch) -> { })
            .journalDirectory(dir.resolve("journal"))
            .snapshotDirectory(dir.resolve("snapshots"))
            .ringSize(64));
    }
}
