package io.anthill.perf.harness;

import java.util.concurrent.TimeUnit;

import org.agrona.BitUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Settings of one load-generator run, in the Aeron style: fluent setters, then {@link #conclude()} validates and fills
 * defaults. The clock and idle strategy are injectable so tests drive the pacing loop on a fake clock, without real
 * time.
 */
public final class LoadGeneratorContext
{
    /** Default measured duration. */
    public static final long DURATION_NS_DEFAULT = TimeUnit.SECONDS.toNanos(30);
    /** Default warm-up before measuring: long enough for C2 to compile the hot paths on both sides. */
    public static final long WARMUP_NS_DEFAULT = TimeUnit.SECONDS.toNanos(5);
    /** Default wait for responses after the last send; unanswered requests then count as errors. */
    public static final long DRAIN_TIMEOUT_NS_DEFAULT = TimeUnit.SECONDS.toNanos(5);
    /** Default limit on outstanding requests: at 21k/s, about 50 s without a single response. */
    public static final int IN_FLIGHT_MAX_DEFAULT = 1 << 20;
    /** Default highest latency a histogram tracks exactly; a failover stall is seconds, so a minute is ample. */
    public static final long LATENCY_HIGHEST_TRACKABLE_NS_DEFAULT = TimeUnit.MINUTES.toNanos(1);
    /** Default limit on responses taken from the target per duty cycle, so sending on schedule is never starved. */
    public static final int POLL_RESPONSE_COUNT_MAX_DEFAULT = 4096;
    /** Significant digits of every latency histogram: 0.1% resolution. */
    public static final int HISTOGRAM_SIGNIFICANT_DIGITS = 3;

    private NanoClock clock;
    private IdleStrategy idleStrategy;
    private long durationNs = DURATION_NS_DEFAULT;
    private long warmupNs = WARMUP_NS_DEFAULT;
    private long drainTimeoutNs = DRAIN_TIMEOUT_NS_DEFAULT;
    private int inFlightMax = IN_FLIGHT_MAX_DEFAULT;
    private long latencyHighestTrackableNs = LATENCY_HIGHEST_TRACKABLE_NS_DEFAULT;
    private int pollResponseCountMax = POLL_RESPONSE_COUNT_MAX_DEFAULT;

    /**
     * The idle strategy the pacing loop uses when a duty cycle found nothing to do.
     *
     * <p>Never a busy spin: on our 2-core machines a spinning generator takes a whole core from the cluster it
     * measures and turns its round trips into milliseconds. Backing off to a park of at most 50 µs keeps the CPU
     * mostly free; Linux's default 50 µs timer slack means a park takes 50-100 µs, so a request is sent at most about
     * 0.1 ms late. That lateness is charged to the request (latency runs from the intended time), reported separately
     * as the generator's own send lateness, and small against a 1 ms SLA. Every due request is sent on each wake-up,
     * so a late wake-up sends a burst rather than dropping any.
     *
     * @return a new back-off idle strategy: 10 spins, 10 yields, then parks of 1 µs doubling up to 50 µs.
     */
    public static IdleStrategy defaultIdleStrategy()
    {
        return new BackoffIdleStrategy(10, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(50));
    }

    /**
     * Validates every setting and fills the defaults not set.
     *
     * @return this context.
     * @throws IllegalArgumentException naming the setting to fix.
     */
    public LoadGeneratorContext conclude()
    {
        if (clock == null)
        {
            clock = SystemNanoClock.INSTANCE;
        }
        if (idleStrategy == null)
        {
            idleStrategy = defaultIdleStrategy();
        }
        require(durationNs > 0, "durationNs must be > 0: " + durationNs);
        require(warmupNs >= 0, "warmupNs must be >= 0: " + warmupNs);
        require(drainTimeoutNs >= 0, "drainTimeoutNs must be >= 0: " + drainTimeoutNs);
        require(BitUtil.isPowerOfTwo(inFlightMax) && inFlightMax >= 2, "inFlightMax must be a power of two >= 2: " + inFlightMax);
        require(latencyHighestTrackableNs >= TimeUnit.MILLISECONDS.toNanos(1),
            "latencyHighestTrackableNs must be >= 1 ms: " + latencyHighestTrackableNs);
        require(pollResponseCountMax >= 1, "pollResponseCountMax must be >= 1: " + pollResponseCountMax);
        return this;
    }

    private static void require(final boolean condition, final String reason)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(reason);
        }
    }

    /**
     * The clock every intended, send and response time is read from.
     *
     * @return the clock; {@link SystemNanoClock} unless set.
     */
    public NanoClock clock()
    {
        return clock;
    }

    /**
     * Sets the clock; tests pass an {@link org.agrona.concurrent.CachedNanoClock} they advance themselves.
     *
     * @param clock the clock.
     * @return this context.
     */
    public LoadGeneratorContext clock(final NanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * The idle strategy of the pacing loop.
     *
     * @return the strategy; {@link #defaultIdleStrategy()} unless set.
     */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * Sets the idle strategy; tests pass one that advances their fake clock instead of parking.
     *
     * @param idleStrategy the strategy.
     * @return this context.
     */
    public LoadGeneratorContext idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /**
     * How long requests are sent and measured, after the warm-up.
     *
     * @return nanoseconds.
     */
    public long durationNs()
    {
        return durationNs;
    }

    /**
     * Sets the measured duration.
     *
     * @param durationNs nanoseconds, &gt; 0.
     * @return this context.
     */
    public LoadGeneratorContext durationNs(final long durationNs)
    {
        this.durationNs = durationNs;
        return this;
    }

    /**
     * How long requests are sent before measuring starts; requests intended in this time are not recorded.
     *
     * @return nanoseconds.
     */
    public long warmupNs()
    {
        return warmupNs;
    }

    /**
     * Sets the warm-up.
     *
     * @param warmupNs nanoseconds, &gt;= 0.
     * @return this context.
     */
    public LoadGeneratorContext warmupNs(final long warmupNs)
    {
        this.warmupNs = warmupNs;
        return this;
    }

    /**
     * How long to wait for responses after the last scheduled send.
     *
     * @return nanoseconds.
     */
    public long drainTimeoutNs()
    {
        return drainTimeoutNs;
    }

    /**
     * Sets the drain timeout.
     *
     * @param drainTimeoutNs nanoseconds, &gt;= 0.
     * @return this context.
     */
    public LoadGeneratorContext drainTimeoutNs(final long drainTimeoutNs)
    {
        this.drainTimeoutNs = drainTimeoutNs;
        return this;
    }

    /**
     * The limit on outstanding requests; when reached, the oldest is given up on and counted as an error.
     *
     * @return a power of two.
     */
    public int inFlightMax()
    {
        return inFlightMax;
    }

    /**
     * Sets the limit on outstanding requests.
     *
     * @param inFlightMax a power of two &gt;= 2.
     * @return this context.
     */
    public LoadGeneratorContext inFlightMax(final int inFlightMax)
    {
        this.inFlightMax = inFlightMax;
        return this;
    }

    /**
     * The highest latency recorded exactly; higher ones are recorded as this value and counted as clamped.
     *
     * @return nanoseconds.
     */
    public long latencyHighestTrackableNs()
    {
        return latencyHighestTrackableNs;
    }

    /**
     * Sets the highest trackable latency.
     *
     * @param latencyHighestTrackableNs nanoseconds, &gt;= 1 ms.
     * @return this context.
     */
    public LoadGeneratorContext latencyHighestTrackableNs(final long latencyHighestTrackableNs)
    {
        this.latencyHighestTrackableNs = latencyHighestTrackableNs;
        return this;
    }

    /**
     * The most responses taken from the target per duty cycle.
     *
     * @return at least 1.
     */
    public int pollResponseCountMax()
    {
        return pollResponseCountMax;
    }

    /**
     * Sets the most responses taken from the target per duty cycle.
     *
     * @param pollResponseCountMax at least 1.
     * @return this context.
     */
    public LoadGeneratorContext pollResponseCountMax(final int pollResponseCountMax)
    {
        this.pollResponseCountMax = pollResponseCountMax;
        return this;
    }
}
