package io.anthill.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import io.anthill.journal.JournalReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionTest
{
    private static final long TIMEOUT_MS = 60_000;

    @TempDir
    Path dir;

    private final AtomicLong nowNs = new AtomicLong(1_000_000);
    private final List<Partition> launched = new ArrayList<>();

    @AfterEach
    void closeAll()
    {
        launched.forEach(Partition::close);
    }

    @Test
    void shouldJournalApplyAndAnswerCommandsInOpOrder()
    {
        final RecordingSink sink = new RecordingSink();
        final Partition partition = launch(new LedgerStateMachine(), sink);

        depositMany(partition, 1, 1, 1_000);
        sink.awaitCount(1_000);

        long expectedPosition = 1;
        for (final RecordingSink.Answer answer : sink.answers)
        {
            assertNull(answer.rejection());
            assertEquals(expectedPosition, answer.position());
            assertEquals(expectedPosition, answer.value(), "running balance of account 0");
            expectedPosition++;
        }
        assertEquals(1_000, partition.counters().commandsAccepted());
    }

    @Test
    void shouldRecoverTheSameStateFromTheJournalWithoutAnsweringDuringReplay()
    {
        final Partition first = launch(new LedgerStateMachine(), new RecordingSink());
        depositMany(first, 1, 1, 500);
        first.awaitApplied(500, TIMEOUT_MS);
        first.close();
        final long digestBefore = first.stateDigest();

        final RecordingSink sink = new RecordingSink();
        final LedgerStateMachine recovered = new LedgerStateMachine();
        final Partition second = launch(recovered, sink);
        assertEquals(500, second.appliedOp());
        second.close();

        assertEquals(digestBefore, second.stateDigest());
        assertEquals(500, recovered.commandsSeenReplaying());
        assertTrue(sink.answers.isEmpty(), "no response may be sent for replayed commands");
    }

    @Test
    void shouldReplayTheSameJournalToTheSameDigestEveryTime()
    {
        final Partition partition = launch(new LedgerStateMachine(), new RecordingSink());
        depositMany(partition, 1, 1, 300);
        partition.awaitApplied(300, TIMEOUT_MS);
        partition.close();

        final long first = replayJournal();
        final long second = replayJournal();

        assertEquals(first, second);
        assertEquals(partition.stateDigest(), first);
    }

    @Test
    void shouldAnswerARetryAfterRestartWithTheOriginalResponse()
    {
        final RecordingSink sink = new RecordingSink();
        final Partition first = launch(new LedgerStateMachine(), sink);
        submit(first, 9, 1, LedgerStateMachine.deposit(3, 40));
        sink.awaitCount(1);
        first.close();

        final RecordingSink afterRestart = new RecordingSink();
        final LedgerStateMachine ledger = new LedgerStateMachine();
        final Partition second = launch(ledger, afterRestart);
        submit(second, 9, 1, LedgerStateMachine.deposit(3, 40));
        submit(second, 9, 2, LedgerStateMachine.deposit(3, 2));
        afterRestart.awaitCount(2);

        final List<RecordingSink.Answer> answers = new ArrayList<>(afterRestart.answers);
        assertEquals(new RecordingSink.Answer(9, 1, 1, 40, null), answers.get(0));
        assertEquals(42, answers.get(1).value(), "the retried deposit was not applied twice");
    }

    @Test
    void shouldFireDurableAlarmsInOrderAfterSnapshotAndRestart()
    {
        final Partition first = launch(new LedgerStateMachine(), new RecordingSink());
        submit(first, 1, 1, LedgerStateMachine.schedule(30, nowNs.get() + 3_000));
        submit(first, 1, 2, LedgerStateMachine.schedule(10, nowNs.get() + 2_000));
        submit(first, 1, 3, LedgerStateMachine.schedule(20, nowNs.get() + 2_000));
        first.awaitApplied(3, TIMEOUT_MS);
        assertEquals(SubmitResult.ACCEPTED, first.requestSnapshot());
        first.awaitApplied(4, TIMEOUT_MS);
        first.close();
        assertEquals(1, first.counters().snapshotsTaken());

        nowNs.addAndGet(10_000);
        final Partition fromSnapshot = launch(new LedgerStateMachine(), new RecordingSink());
        awaitAlarmsFired(fromSnapshot, 3);
        fromSnapshot.close();

        final RecordingProjection fired = new RecordingProjection();
        launch(new LedgerStateMachine(), new RecordingSink(), fired);
        awaitSize(fired, 3);

        assertEquals(List.of(-10L, -20L, -30L), new ArrayList<>(fired.firstLongs));
    }

    @Test
    void shouldRecoverFromSnapshotPlusJournalLikeAnUninterruptedRun()
    {
        final Partition uninterrupted = launch(new LedgerStateMachine(), new RecordingSink(), dir.resolve("a"), 0);
        final Partition snapshotting = launch(new LedgerStateMachine(), new RecordingSink(), dir.resolve("b"), 100);
        depositMany(uninterrupted, 1, 1, 1_050);
        depositMany(snapshotting, 1, 1, 1_050);
        uninterrupted.awaitApplied(1_050, TIMEOUT_MS);
        snapshotting.awaitApplied(1_050, TIMEOUT_MS);
        uninterrupted.close();
        snapshotting.close();
        assertTrue(snapshotting.counters().snapshotsTaken() >= 1);

        final LedgerStateMachine restored = new LedgerStateMachine();
        final Partition recovered = launch(restored, new RecordingSink(), dir.resolve("b"), 100);
        recovered.close();

        assertEquals(uninterrupted.stateDigest(), recovered.stateDigest());
        assertTrue(restored.commandsSeenReplaying() < 1_050, "recovery started from a snapshot, not op 1");
    }

    private long replayJournal()
    {
        final StateMachineHarness harness = new StateMachineHarness(new LedgerStateMachine());
        try (Journal journal = Journal.open(new JournalContext().directory(dir.resolve("journal")).partitionId(0)
            .readOnly(true));
            JournalReader reader = journal.reader(1))
        {
            while (reader.poll(entry -> harness.applyEntry(entry.op(), entry.timestampNs(), true, entry.body(),
                entry.bodyOffset(), entry.bodyLength()), 100) > 0)
            {
                assertTrue(harness.appliedOp() > 0);
            }
        }
        return harness.digest();
    }

    private Partition launch(final StateMachine stateMachine, final ResponseSink sink, final Projection... projections)
    {
        return launch(stateMachine, sink, dir, 0, projections);
    }

    private Partition launch(
        final StateMachine stateMachine, final ResponseSink sink, final Path root, final long snapshotIntervalOps,
        final Projection... projections)
    {
        final PartitionContext ctx = new PartitionContext()
            .partitionId(0)
            .stateMachine(stateMachine)
            .responseSink(sink)
            .journalDirectory(root.resolve("journal"))
            .snapshotDirectory(root.resolve("snapshots"))
            .durability(DurabilityPolicy.BATCH)
            .snapshotIntervalOps(snapshotIntervalOps)
            .ringSize(1024)
            .clock(nowNs::get)
            .errorHandler(Throwable::printStackTrace);
        for (final Projection projection : projections)
        {
            ctx.addProjection(projection);
        }
        final Partition partition = Partition.launch(ctx);
        launched.add(partition);
        return partition;
    }

    private static void depositMany(final Partition partition, final long sessionId, final long firstRequestId,
        final int count)
    {
        for (int i = 0; i < count; i++)
        {
            submit(partition, sessionId, firstRequestId + i, LedgerStateMachine.deposit(0, 1));
        }
    }

    private static void submit(final Partition partition, final long sessionId, final long requestId,
        final UnsafeBuffer payload)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        SubmitResult result;
        while ((result = partition.submit(sessionId, requestId, payload, 0, payload.capacity())) == SubmitResult.OVERLOADED)
        {
            assertTrue(System.nanoTime() < deadlineNs, "ring stayed full");
            Thread.yield();
        }
        assertEquals(SubmitResult.ACCEPTED, result);
    }

    private static void awaitAlarmsFired(final Partition partition, final long count)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (partition.counters().alarmsFired() < count)
        {
            assertTrue(System.nanoTime() < deadlineNs, "only " + partition.counters().alarmsFired() + " alarms fired");
            Thread.yield();
        }
    }

    private static void awaitSize(final RecordingProjection projection, final int size)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (projection.firstLongs.size() < size)
        {
            assertTrue(System.nanoTime() < deadlineNs, "only " + projection.firstLongs.size() + " events arrived");
            Thread.yield();
        }
    }
}
