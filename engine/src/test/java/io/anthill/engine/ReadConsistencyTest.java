package io.anthill.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadConsistencyTest
{
    private static final long TIMEOUT_MS = 60_000;
    private static final long BEYOND_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(QueryConfiguration.WAIT_TIMEOUT_MS_DEFAULT + 1);

    @TempDir
    Path dir;

    private final AtomicLong nowNs = new AtomicLong(1_000_000);
    private final List<Partition> launched = new ArrayList<>();
    private final BalanceProjection balances = new BalanceProjection();
    private final RecordingSink writes = new RecordingSink();
    private final RecordingQuerySink reads = new RecordingQuerySink();
    private final GatedStateMachine gated = new GatedStateMachine(new LedgerStateMachine());

    @AfterEach
    void closeAll()
    {
        gated.open();
        balances.release();
        launched.forEach(Partition::close);
    }

    @Test
    void shouldNeverAnswerAnAtLeastReadWithStateOlderThanTheWritePosition()
    {
        final Partition partition = launch();
        for (int i = 1; i <= 300; i++)
        {
            submit(partition, i, LedgerStateMachine.deposit(7, 1));
            writes.awaitCount(i);
            final RecordingSink.Answer written = List.copyOf(writes.answers).get(i - 1);

            assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.AT_LEAST, written.position(), i, 7));
            final RecordingQuerySink.Answer read = reads.awaitCount(i).get(i - 1);

            assertNull(read.rejection());
            assertTrue(read.position() >= written.position(), "read at " + read.position() + " < " + written.position());
            assertTrue(read.value() >= written.value(), "read balance " + read.value() + " older than " + written.value());
        }
        assertEquals(300, partition.counters().queriesServed());
        assertEquals(300, partition.appliedOp(), "reads took no op: they are not journaled");
        partition.close();
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("journal")).partitionId(0)
            .readOnly(true)))
        {
            assertEquals(300, journal.lastOp(), "the journal holds the writes only");
        }
    }

    @Test
    void shouldOrderALinearizableReadAfterAWriteSubmittedBeforeIt()
    {
        final Partition partition = launch();
        submit(partition, 1, LedgerStateMachine.deposit(7, 5));
        writes.awaitCount(1);
        gated.close();
        submit(partition, 2, LedgerStateMachine.deposit(7, 10));
        gated.awaitEntered(2);

        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.LINEARIZABLE, 0, 1, 7));
        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.ANY, 0, 2, 7));
        final RecordingQuerySink.Answer any = reads.awaitOne();
        assertEquals(new RecordingQuerySink.Answer(1, 2, 1, 5, null), any, "ANY answers at once, from op 1");

        gated.open();
        final RecordingQuerySink.Answer linearizable = reads.awaitCount(2).get(1);
        assertEquals(new RecordingQuerySink.Answer(1, 1, 2, 15, null), linearizable, "waited for the write at op 2");
    }

    @Test
    void shouldRefuseAnAtLeastReadWhosePositionIsNotReachedInTime()
    {
        final Partition partition = launch();
        submit(partition, 1, LedgerStateMachine.deposit(7, 5));
        writes.awaitCount(1);

        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.AT_LEAST, 2, 1, 7));
        nowNs.addAndGet(BEYOND_WAIT_NS);

        assertEquals(new RecordingQuerySink.Answer(1, 1, 1, 0, ErrorCode.POSITION_NOT_REACHED), reads.awaitOne());
        assertEquals(1, partition.counters().queriesExpired());
    }

    @Test
    void shouldAnswerAnAtLeastReadOnceALaterWriteReachesItsPosition()
    {
        final Partition partition = launch();
        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.AT_LEAST, 2, 1, 7));
        submit(partition, 1, LedgerStateMachine.deposit(7, 5));
        submit(partition, 2, LedgerStateMachine.deposit(7, 6));

        assertEquals(new RecordingQuerySink.Answer(1, 1, 2, 11, null), reads.awaitOne());
    }

    @Test
    void shouldTimeOutALinearizableReadBehindAStuckWrite()
    {
        final Partition partition = launch();
        gated.close();
        submit(partition, 1, LedgerStateMachine.deposit(7, 5));
        gated.awaitEntered(1);

        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.LINEARIZABLE, 0, 1, 7));
        nowNs.addAndGet(BEYOND_WAIT_NS);

        assertEquals(new RecordingQuerySink.Answer(1, 1, 0, 0, ErrorCode.TIMEOUT), reads.awaitOne());
    }

    @Test
    void shouldAnswerEveryOtherOutcomeOfTheReadPathWithItsTypedError()
    {
        final Partition partition = launch();
        assertEquals(SubmitResult.UNKNOWN_READ_MODEL, query(partition, 1, Consistency.ANY, 0, 1, 7));
        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.ANY, 0, 2, BalanceProjection.UNKNOWN));
        assertEquals(ErrorCode.UNKNOWN_QUERY, reads.awaitCount(1).get(0).rejection());
        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.ANY, 0, 3, BalanceProjection.THROW));
        assertEquals(ErrorCode.INTERNAL_ERROR, reads.awaitCount(2).get(1).rejection());
        final UnsafeBuffer tooLong = new UnsafeBuffer(new byte[PartitionConfiguration.PAYLOAD_LENGTH_MAX_DEFAULT + 1]);
        assertEquals(SubmitResult.PAYLOAD_TOO_LARGE,
            partition.query(0, Consistency.ANY, 0, 1, 4, tooLong, 0, tooLong.capacity(), reads));

        submit(partition, 1, LedgerStateMachine.deposit(7, 5));
        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.AT_LEAST, 1, 5, 7));
        assertEquals(5, reads.awaitCount(3).get(2).value(), "the read model survived the failed query");
        assertEquals(1, partition.counters().stageErrors());

        partition.close();
        assertEquals(SubmitResult.NOT_RUNNING, query(partition, Consistency.ANY, 0, 6, 7));
    }

    @Test
    void shouldAnswerAReadStillWaitingWhenThePartitionClosesWithUnknownPartition()
    {
        final Partition partition = launch();
        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.AT_LEAST, 100, 1, 7));
        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.ANY, 0, 2, 7));
        reads.awaitCount(1);

        partition.close();

        final RecordingQuerySink.Answer waiting = reads.awaitCount(2).get(1);
        assertEquals(1, waiting.requestId());
        assertEquals(ErrorCode.UNKNOWN_PARTITION, waiting.rejection());
    }

    @Test
    void shouldRefuseReadsAtOnceWhenTheReadModelQueueIsFull()
    {
        final Partition partition = launch();
        assertEquals(SubmitResult.ACCEPTED, query(partition, Consistency.ANY, 0, 0, BalanceProjection.HOLD));
        balances.awaitHeld();

        int accepted = 0;
        int overloaded = 0;
        for (int i = 1; i <= 2 * QueryConfiguration.QUEUE_CAPACITY_DEFAULT; i++)
        {
            final SubmitResult result = query(partition, Consistency.ANY, 0, i, 7);
            accepted += result == SubmitResult.ACCEPTED ? 1 : 0;
            overloaded += result == SubmitResult.OVERLOADED ? 1 : 0;
        }
        balances.release();

        assertEquals(QueryConfiguration.QUEUE_CAPACITY_DEFAULT - 1, accepted, "one slot is held by the held read");
        assertEquals(2 * QueryConfiguration.QUEUE_CAPACITY_DEFAULT - accepted, overloaded);
        assertEquals(overloaded, partition.counters().queriesOverloaded());
        reads.awaitCount(accepted + 1).forEach(answer -> assertNull(answer.rejection()));
    }

    private SubmitResult query(
        final Partition partition, final Consistency consistency, final long minPosition, final long requestId,
        final long account)
    {
        return query(partition, 0, consistency, minPosition, requestId, account);
    }

    private SubmitResult query(
        final Partition partition, final int readModel, final Consistency consistency, final long minPosition,
        final long requestId, final long account)
    {
        final UnsafeBuffer query = new UnsafeBuffer(new byte[Long.BYTES]);
        query.putLong(0, account);
        return partition.query(readModel, consistency, minPosition, 1, requestId, query, 0, Long.BYTES, reads);
    }

    private Partition launch()
    {
        final Partition partition = Partition.launch(new PartitionContext()
            .partitionId(0)
            .stateMachine(gated)
            .addProjection(balances)
            .responseSink(writes)
            .journalDirectory(dir.resolve("journal"))
            .snapshotDirectory(dir.resolve("snapshots"))
            .durability(DurabilityPolicy.BATCH)
            .snapshotIntervalOps(0)
            .ringSize(1024)
            .clock(nowNs::get)
            .errorHandler(ex -> { }));
        launched.add(partition);
        return partition;
    }

    private static void submit(final Partition partition, final long requestId, final UnsafeBuffer payload)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        SubmitResult result;
        while ((result = partition.submit(1, requestId, payload, 0, payload.capacity())) == SubmitResult.OVERLOADED)
        {
            assertTrue(System.nanoTime() < deadlineNs, "ring stayed full");
            Thread.yield();
        }
        assertEquals(SubmitResult.ACCEPTED, result);
    }
}
