package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the business-logic stage publishes to other threads after each entry: the last applied op and the earliest
 * alarm deadline. The timer reads them to decide when to issue a tick; launch and tests read the op to wait for
 * replay or for a command to be applied.
 */
final class AppliedProgress
{
    private final AtomicLong appliedOp = new AtomicLong();
    private final AtomicLong nextAlarmDeadlineNs = new AtomicLong(Long.MAX_VALUE);

    void publish(final long op, final long nextAlarmDeadlineNs)
    {
        this.nextAlarmDeadlineNs.setRelease(nextAlarmDeadlineNs);
        appliedOp.setRelease(op);
    }

    long appliedOp()
    {
        return appliedOp.getAcquire();
    }

    long nextAlarmDeadlineNs()
    {
        return nextAlarmDeadlineNs.getAcquire();
    }
}
