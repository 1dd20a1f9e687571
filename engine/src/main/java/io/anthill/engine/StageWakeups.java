package io.anthill.engine;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;

/**
 * The threads that parked waiting for a partition's ring to move, and the signal that wakes them. A stage that finds
 * no work parks here, saying which sequence it waits on and for what value; whoever moves a sequence (a publish, a
 * stage's batch, a commit) then wakes exactly the parked threads whose wait is over. An idle hop so costs one
 * wake-up instead of up to a whole park, idle threads leave the CPU to busy ones (what a 2-core machine running
 * three replicas needs), and a signal wakes no thread for nothing: waking every parked stage on every move made
 * things worse than fixed parks (measured, docs/engine.md).
 * <p>
 * Correctness does not rest on the signal: a parked thread also wakes when its park times out, so a lost wake-up
 * costs latency, never progress. Ordering: a waiter registers and then checks its condition again; a signaller
 * moves its sequence and then fences before it looks at the waiters, so one of the two always sees the other.
 * A signal with no thread parked costs a fence and one read.
 */
final class StageWakeups
{
    private final Waiter[] waiters;
    private final AtomicInteger parkedCount = new AtomicInteger();

    /**
     * @param slots how many threads may be parked at once; a thread finding no free slot parks for its timeout only.
     */
    StageWakeups(final int slots)
    {
        waiters = new Waiter[slots];
        for (int i = 0; i < slots; i++)
        {
            waiters[i] = new Waiter();
        }
    }

    /**
     * Makes the calling thread wakeable; call before checking the condition a last time, then park.
     *
     * @param dependent what the thread waits on, or null to be woken by any signal.
     * @param awaited   the value of dependent that ends the wait.
     * @param barrier   a barrier whose alert also ends the wait, or null.
     * @return the slot to pass to {@link #unregister(int)}, or -1 if every slot was taken.
     */
    int register(final Sequence dependent, final long awaited, final SequenceBarrier barrier)
    {
        parkedCount.incrementAndGet();
        for (int i = 0; i < waiters.length; i++)
        {
            final Waiter waiter = waiters[i];
            if (waiter.taken.compareAndSet(false, true))
            {
                waiter.dependent = dependent;
                waiter.awaited = awaited;
                waiter.barrier = barrier;
                waiter.thread = Thread.currentThread();
                // a volatile store may pass the caller's next (plain) read of its condition on weak memory models:
                // without this fence a signaller could see no thread here while the caller saw no move
                VarHandle.fullFence();
                return i;
            }
        }
        parkedCount.decrementAndGet();
        return -1;
    }

    void unregister(final int slot)
    {
        if (slot >= 0)
        {
            final Waiter waiter = waiters[slot];
            waiter.thread = null;
            waiter.taken.set(false);
            parkedCount.decrementAndGet();
        }
    }

    /**
     * Wakes every parked thread whose wait is over; called after a sequence a waiter may depend on has moved.
     *
     * @return how many threads were woken.
     */
    int wakeReady()
    {
        VarHandle.fullFence();
        if (0 == parkedCount.get())
        {
            return 0;
        }
        int woken = 0;
        for (final Waiter waiter : waiters)
        {
            final Thread thread = waiter.thread;
            if (null != thread && waiter.isOver())
            {
                LockSupport.unpark(thread);
                woken++;
            }
        }
        return woken;
    }

    /**
     * @return the threads registered now (parked or about to park).
     */
    int parkedCount()
    {
        return parkedCount.get();
    }

    /**
     * One parking thread's wait. The plain fields are written before the volatile thread and read after it, and
     * never cleared, so a signaller that sees a thread sees a whole wait (at worst a newer one: a spurious wake-up).
     */
    private static final class Waiter
    {
        final AtomicBoolean taken = new AtomicBoolean();
        volatile Thread thread;
        Sequence dependent;
        long awaited;
        SequenceBarrier barrier;

        boolean isOver()
        {
            final Sequence dependent = this.dependent;
            final SequenceBarrier barrier = this.barrier;
            return null == dependent || dependent.get() >= awaited || (null != barrier && barrier.isAlerted());
        }
    }
}
