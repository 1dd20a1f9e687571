package io.anthill.engine;

import java.util.List;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateMachineHarnessTest
{
    private final LedgerStateMachine ledger = new LedgerStateMachine();
    private final SummingProjection projection = new SummingProjection();
    private final StateMachineHarness harness = new StateMachineHarness(ledger, projection);

    @Test
    void shouldEmitEventAndRespondForACommand()
    {
        final StateMachineHarness.Outcome outcome = deposit(1, 1, 7, 100);

        assertEquals(1, outcome.position());
        assertTrue(outcome.responded());
        assertNull(outcome.rejection());
        assertEquals(100, new UnsafeBuffer(outcome.response()).getLong(0));
        assertEquals(1, outcome.events().size());
        assertEquals(7, new UnsafeBuffer(outcome.events().get(0)).getLong(0));
        assertEquals(1, projection.events());
    }

    @Test
    void shouldAnswerARetryWithTheOriginalResponseWithoutApplyingItTwice()
    {
        final StateMachineHarness.Outcome first = deposit(1, 5, 7, 100);
        final StateMachineHarness.Outcome retry = deposit(1, 5, 7, 100);

        assertEquals(100, ledger.balance(7));
        assertArrayEquals(first.response(), retry.response());
        assertEquals(first.position(), retry.position());
        assertTrue(retry.events().isEmpty());
    }

    @Test
    void shouldRejectARequestOlderThanTheSessionRemembers()
    {
        final int remembered = PartitionConfiguration.DEDUP_RESPONSES_PER_SESSION_DEFAULT;
        for (int requestId = 1; requestId <= remembered + 1; requestId++)
        {
            deposit(1, requestId, 7, 1);
        }

        final StateMachineHarness.Outcome tooOld = deposit(1, 1, 7, 1);

        assertEquals(ErrorCode.REQUEST_TOO_OLD, tooOld.rejection());
        assertEquals(remembered + 1, ledger.balance(7));
    }

    @Test
    void shouldAnswerInternalErrorWhenTheStateMachineThrowsAndKeepGoing()
    {
        final UnsafeBuffer fail = LedgerStateMachine.fail();
        final StateMachineHarness.Outcome failed = harness.command(1, 1, 1, fail, 0, fail.capacity());
        final StateMachineHarness.Outcome next = deposit(1, 2, 7, 5);

        assertEquals(ErrorCode.INTERNAL_ERROR, failed.rejection());
        assertEquals(1, harness.stateMachineErrors().size());
        assertEquals(5, ledger.balance(7));
        assertTrue(next.responded());
    }

    @Test
    void shouldFireAlarmsInDeadlineThenIdOrder()
    {
        schedule(1, 30, 300);
        schedule(2, 10, 200);
        schedule(3, 20, 200);
        schedule(4, 40, 100);

        final StateMachineHarness.Outcome tick = harness.tick(250);

        assertEquals(List.of(-40L, -10L, -20L), firstLongs(tick.events()));
        assertEquals(1, harness.alarms().size());
        assertTrue(harness.alarms().isScheduled(30));
    }

    @Test
    void shouldNotFireACancelledAlarm()
    {
        schedule(1, 10, 100);
        final UnsafeBuffer cancel = LedgerStateMachine.cancel(10);
        harness.command(1, 2, 2, cancel, 0, cancel.capacity());

        assertTrue(harness.tick(1_000).events().isEmpty());
    }

    @Test
    void shouldFireAtMostTheCatchUpLimitPerTick()
    {
        final int limit = PartitionConfiguration.ALARM_CATCH_UP_LIMIT_DEFAULT;
        for (int i = 1; i <= limit + 3; i++)
        {
            schedule(i, i, i);
        }

        assertEquals(limit, harness.tick(1_000).events().size());
        assertEquals(3, harness.tick(1_000).events().size());
    }

    @Test
    void shouldContinueFromASnapshotExactlyAsAnUninterruptedRun()
    {
        final StateMachineHarness uninterrupted = new StateMachineHarness(new LedgerStateMachine());
        final StateMachineHarness beforeSnapshot = new StateMachineHarness(new LedgerStateMachine());
        final StateMachineHarness restored = new StateMachineHarness(new LedgerStateMachine());
        for (int i = 1; i <= 50; i++)
        {
            drive(uninterrupted, i);
            drive(beforeSnapshot, i);
        }
        restored.restore(beforeSnapshot.snapshot(), beforeSnapshot.appliedOp(), 1);
        for (int i = 51; i <= 100; i++)
        {
            assertEquals(drive(uninterrupted, i), drive(restored, i));
        }

        assertEquals(uninterrupted.digest(), restored.digest());
    }

    private static StateMachineHarness.Outcome drive(final StateMachineHarness harness, final int step)
    {
        if (step % 10 == 0)
        {
            return harness.tick(step * 1_000L);
        }
        final UnsafeBuffer payload = step % 3 == 0 ?
            LedgerStateMachine.schedule(step, step * 1_000L + 5_000) : LedgerStateMachine.deposit(step % 4, step);
        final StateMachineHarness.Outcome outcome = harness.command(step % 5, step, step * 1_000L, payload, 0,
            payload.capacity());
        assertFalse(null != outcome.rejection(), "step " + step + " rejected: " + outcome);
        return outcome;
    }

    private StateMachineHarness.Outcome deposit(final long session, final long request, final long account, final long amount)
    {
        final UnsafeBuffer payload = LedgerStateMachine.deposit(account, amount);
        return harness.command(session, request, request, payload, 0, payload.capacity());
    }

    private void schedule(final long request, final long alarmId, final long deadlineNs)
    {
        final UnsafeBuffer payload = LedgerStateMachine.schedule(alarmId, deadlineNs);
        harness.command(1, request, 1, payload, 0, payload.capacity());
    }

    private static List<Long> firstLongs(final List<byte[]> events)
    {
        return events.stream().map(event -> new UnsafeBuffer(event).getLong(0)).toList();
    }
}
