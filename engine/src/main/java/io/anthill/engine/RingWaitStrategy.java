package io.anthill.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How the stages of a partition's ring wait for work. A partition runs four or more stage threads, so on a small
 * machine the choice decides whether idle stages leave the CPU to busy ones; docs/engine.md has the measurement.
 */
public enum RingWaitStrategy
{
    /** Spins briefly, yields, then parks for the shortest time the OS allows: shares the CPU when idle. */
    SLEEPING
    {
        @Override
        WaitStrategy newWaitStrategy()
        {
            return new SleepingWaitStrategy(SLEEPING_RETRIES, SLEEPING_PARK_NS);
        }
    },

    /** Spins briefly then yields forever: low latency, but every idle stage keeps a core busy. */
    YIELDING
    {
        @Override
        WaitStrategy newWaitStrategy()
        {
            return new YieldingWaitStrategy();
        }
    },

    /** Waits on a lock and condition for the publisher, but spins on upstream stages. */
    BLOCKING
    {
        @Override
        WaitStrategy newWaitStrategy()
        {
            return new BlockingWaitStrategy();
        }
    },

    /** Spins without ever giving the core away: only for machines with a core per stage thread. */
    BUSY_SPIN
    {
        @Override
        WaitStrategy newWaitStrategy()
        {
            return new BusySpinWaitStrategy();
        }
    };

    /** Spins and yields before the sleeping strategy parks. */
    static final int SLEEPING_RETRIES = 200;
    /** Park requested by the sleeping strategy; Linux rounds it up to its timer slack (about 50 µs). */
    static final long SLEEPING_PARK_NS = 100;

    abstract WaitStrategy newWaitStrategy();
}
