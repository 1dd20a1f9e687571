package io.anthill.engine;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's side of replication, driven by the test as a replica agent would: entries wait at the commit gate,
 * a new view's epoch drops what the old ring held uncommitted, and republished log entries apply once committed.
 */
class ReplicatedPartitionTest
{
    private static final long TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<byte[]> forwarded = new ConcurrentLinkedQueue<>();
    private final RecordingSink sink = new RecordingSink();
    private final LedgerStateMachine ledger = new LedgerStateMachine();
    private final CommitGate gate = CommitGate.replicated();
    private Partition partition;

    @AfterEach
    void close()
    {
        if (null != partition)
        {
            partition.close();
        }
    }

    @Test
    void shouldApplyPrimaryEntriesOnlyOnceCommitted()
    {
        launch();
        partition.startEpoch(1, true);
        partition.openIngress();
        submit(1, LedgerStateMachine.deposit(1, 10));
        submit(2, LedgerStateMachine.deposit(1, 5));
        awaitForwarded(2);
        assertEquals(0, partition.appliedOp(), "nothing applies before it is committed");

        gate.commit(1);
        partition.awaitApplied(1, TIMEOUT_MS);
        sink.awaitCount(1);
        assertEquals(10, sink.answers.peek().value());

        gate.commit(2);
        partition.awaitApplied(2, TIMEOUT_MS);
        sink.awaitCount(2);
    }

    @Test
    void shouldDropUncommittedEntriesAtANewViewAndApplyTheNewLogOnceCommitted()
    {
        launch();
        partition.startEpoch(1, true);
        partition.openIngress();
        submit(1, LedgerStateMachine.deposit(1, 10));
        submit(2, LedgerStateMachine.deposit(1, 1_000));
        awaitForwarded(2);
        gate.commit(1);
        partition.awaitApplied(1, TIMEOUT_MS);

        partition.startEpoch(2, false);
        partition.openIngress();
        assertEquals(SubmitResult.NOT_PRIMARY, partition.submit(1, 3, LedgerStateMachine.deposit(1, 1), 0,
            LedgerStateMachine.PAYLOAD_LENGTH));
        final UnsafeBuffer body = clientCommandBody(7, 1, LedgerStateMachine.deposit(1, 3));
        assertEquals(SubmitResult.ACCEPTED, partition.publishReplicated(2, 2, 5, body, 0, body.capacity()));
        gate.commit(2);
        partition.awaitApplied(2, TIMEOUT_MS);
        partition.close();

        assertEquals(13, ledger.balance(1), "op 2 of view 1 was replaced by op 2 of view 2");
    }

    private static UnsafeBuffer clientCommandBody(
        final long sessionId, final long requestId, final UnsafeBuffer payload)
    {
        final PartitionEvent event = new PartitionEvent();
        final int length = event.bodyEncoder.clientCommand(event.body, sessionId, requestId, payload, 0,
            payload.capacity());
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
            .stateMachine(ledger)
            .responseSink(sink)
            .replicationHandler((entry, endOfBatch) ->
            {
                final byte[] copy = new byte[entry.bodyLength()];
                entry.body().getBytes(entry.bodyOffset(), copy);
                forwarded.add(copy);
            })
            .journalDirectory(dir.resolve("journal"))
            .snapshotDirectory(dir.resolve("snapshots"))
            .ringSize(64));
    }

    private void submit(final long requestId, final UnsafeBuffer payload)
    {
        assertEquals(SubmitResult.ACCEPTED, partition.submit(1, requestId, payload, 0, payload.capacity()));
    }

    private void awaitForwarded(final int count)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (forwarded.size() < count)
        {
            assertTrue(System.nanoTime() < deadlineNs, "only " + forwarded.size() + " entries reached replication");
            Thread.yield();
        }
    }
}
