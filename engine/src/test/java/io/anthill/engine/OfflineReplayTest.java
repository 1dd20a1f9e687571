package io.anthill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The offline replay applies journal bodies exactly as the harness (so as the ring) does, and allocates nothing per
 * entry once warm.
 */
class OfflineReplayTest
{
    private static final int WARMUP_ENTRIES = 100_000;
    private static final int MEASURED_ENTRIES = 500_000;
    private static final long ALLOCATION_BUDGET_BYTES = 64 * 1024;
    private static final UnsafeBuffer[] DEPOSITS = {
        LedgerStateMachine.deposit(1, 5), LedgerStateMachine.deposit(2, 7), LedgerStateMachine.deposit(3, 11),
    };

    private final JournalBodyEncoder encoder = new JournalBodyEncoder();
    private final ExpandableArrayBuffer body = new ExpandableArrayBuffer(256);

    @Test
    void shouldReachTheSameStateAndReadModelDigestsAsTheHarness()
    {
        final SummingProjection harnessSums = new SummingProjection();
        final StateMachineHarness harness = new StateMachineHarness(new LedgerStateMachine(), harnessSums);
        final SummingProjection replaySums = new SummingProjection();
        final OfflineReplay replay = new OfflineReplay(new LedgerStateMachine(), replaySums);

        for (long op = 1; op <= 10_000; op++)
        {
            final int length = entry(op);
            harness.applyEntry(op, op * 1_000, true, body, 0, length);
            replay.apply(op, op * 1_000, body, 0, length);
        }

        assertEquals(harness.appliedOp(), replay.appliedOp());
        assertEquals(harness.digest(), replay.stateDigest());
        assertEquals(harnessSums.digest(), replaySums.digest());
        assertTrue(replay.eventsApplied() > 0);
        assertEquals(0, replay.stateMachineErrors());
    }

    @Test
    void shouldNotAllocatePerEntry()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final OfflineReplay replay = new OfflineReplay(new LedgerStateMachine(), new SummingProjection());
        long op = 1;
        for (; op <= WARMUP_ENTRIES; op++)
        {
            replay.apply(op, op, body, 0, entry(op));
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (; op <= WARMUP_ENTRIES + MEASURED_ENTRIES; op++)
        {
            replay.apply(op, op, body, 0, entry(op));
        }
        final long allocatedBytes = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(WARMUP_ENTRIES + MEASURED_ENTRIES, replay.appliedOp());
        assertTrue(allocatedBytes < ALLOCATION_BUDGET_BYTES, allocatedBytes + " bytes allocated over " + MEASURED_ENTRIES + " entries");
    }

    private int entry(final long op)
    {
        // a few sessions, each with increasing request ids; accounts cycle so the ledger's map stops growing
        final UnsafeBuffer payload = DEPOSITS[(int)(op % DEPOSITS.length)];
        return encoder.clientCommand(body, op % 4, op, payload, 0, payload.capacity());
    }
}
