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
    /**
     * Spins briefly, then parks until a stage, the commit gate or a producer moves a sequence it waits on: an idle
     * hop costs one wake-up, and idle stages use no CPU. The default.
     */
    PARKING
    {
        @Override
        WaitStrategy newWaitStrategy(final StageWakeups wakeups)
        {
            return new ParkingWaitStrategy(wakeups, PARKING_SPIN_TRIES, PARKING_TIMEOUT_NS);
        }
    },

    /** Spins briefly, yields, then parks for a fixed time: shares the CPU when idle, but each idle hop waits a park. */
    SLEEPING
    {
        @Override
        WaitStrategy newWaitStrategy(final StageWakeups wakeups)
        {
            return new SleepingWaitStrategy(SLEEPING_RETRIES, SLEEPING_PARK_NS);
        }
    },

    /** Spins briefly then yields forever: low latency, but every idle stage keeps a core busy. */
    YIELDING
    {
        @Override
        WaitStrategy newWaitStrategy(final StageWakeups wakeups)
        {
            return new YieldingWaitStrategy();
        }
    },

    /** Waits on a lock and condition for the publisher, but spins on upstream stages. */
    BLOCKING
    {
        @Override
        WaitStrategy newWaitStrategy(final StageWakeups wakeups)
        {
            return new BlockingWaitStrategy();
        }
    },

    /** Spins without ever giving the core away: only for machines with a core per stage thread. */
    BUSY_SPIN
    {
        @Override
        WaitStrategy newWaitStrategy(final StageWakeups wakeups)
        {
            return new BusySpinWaitStrategy();
        }
    };

    /** Spins and yields before the sleeping strategy parks. */
    static final int SLEEPING_RETRIES = 200;
    /** Property: park of the sleeping strategy once it has spun and yielded, in ns. */
    public static final String SLEEPING_PARK_NS_PROP = "anthill.engine.wait.sleeping.park.ns";
    /**
     * Default park: Linux rounds short parks up to its timer slack (about 50 µs); longer parks cost idle stages less CPU
     * (a node runs several stage threads per partition) at the price of that much latency on an idle hop.
     */
    public static final long SLEEPING_PARK_NS_DEFAULT = 500_000;
    static final long SLEEPING_PARK_NS = Long.getLong(SLEEPING_PARK_NS_PROP, SLEEPING_PARK_NS_DEFAULT);

    /** Looks of a parking stage (ring stage or read model) before it parks (a few microseconds). */
    static final int PARKING_SPIN_TRIES = 100;
    /** Property: the parking strategy's longest park, in ns: what a lost wake-up costs. */
    public static final String PARKING_TIMEOUT_NS_PROP = "anthill.engine.wait.parking.timeout.ns";
    /** Default longest park: every stage is woken when its work arrives, so this only bounds a lost wake-up. */
    public static final long PARKING_TIMEOUT_NS_DEFAULT = 1_000_000;
    static final long PARKING_TIMEOUT_NS = Long.getLong(PARKING_TIMEOUT_NS_PROP, PARKING_TIMEOUT_NS_DEFAULT);

    /**
     * @param wakeups the partition's parked stage threads, which only {@link #PARKING} uses.
     */
    abstract WaitStrategy newWaitStrategy(StageWakeups wakeups);
}
