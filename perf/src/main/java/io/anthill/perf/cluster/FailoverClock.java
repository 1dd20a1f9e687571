package io.anthill.perf.cluster;

import java.util.concurrent.TimeUnit;

/**
 * Measures a failover as a client sees it: the longest stretch without any write being acknowledged, from the last
 * acknowledgement before the kill to the first one after it, looked for within a horizon after the kill
 * ({@link #HORIZON_NS} for our scenarios; the Aeron Cluster comparison looks to the end of the run, because with
 * Aeron's default timeouts the followers wait 10 s before electing). It covers the survivors noticing the silence,
 * electing the next replica, and the client finding it. Written on the load generator's thread; the kill's time stamp
 * comes from the thread that kills.
 */
public final class FailoverClock
{
    /** How long after the kill the window is looked for. */
    static final long HORIZON_NS = TimeUnit.SECONDS.toNanos(10);

    private final long horizonNs;
    private volatile long killedAtNs;
    private long lastAnsweredAtNs;
    private long longestGapNs = -1;
    private long gapEndedAtNs;

    /**
     * A clock that looks {@link #HORIZON_NS} after the kill.
     */
    public FailoverClock()
    {
        this(HORIZON_NS);
    }

    /**
     * @param horizonNs how long after the kill the window is looked for.
     */
    public FailoverClock(final long horizonNs)
    {
        this.horizonNs = horizonNs;
    }

    /**
     * @param nowNs when the kill (or step-down) was issued.
     */
    public void killed(final long nowNs)
    {
        killedAtNs = nowNs;
    }

    /**
     * @param answeredAtNs when a write (for Aeron Cluster: any request) was answered.
     */
    public void onWriteAnswered(final long answeredAtNs)
    {
        final long killed = killedAtNs;
        if (killed != 0 && answeredAtNs - killed > 0 && answeredAtNs - killed < horizonNs && lastAnsweredAtNs != 0)
        {
            final long gapNs = answeredAtNs - lastAnsweredAtNs;
            if (gapNs > longestGapNs)
            {
                longestGapNs = gapNs;
                gapEndedAtNs = answeredAtNs;
            }
        }
        lastAnsweredAtNs = Math.max(lastAnsweredAtNs, answeredAtNs);
    }

    /**
     * @return true once a kill happened and writes were acknowledged after it.
     */
    public boolean measured()
    {
        return longestGapNs >= 0;
    }

    /**
     * @return the unavailability window in nanoseconds: the longest time without a write acknowledgement around the
     * kill, or -1 if not measured.
     */
    public long windowNs()
    {
        return longestGapNs;
    }

    /**
     * @return how long after the kill writes flowed again, in nanoseconds (the end of the window).
     */
    public long recoveredAfterKillNs()
    {
        return measured() ? gapEndedAtNs - killedAtNs : -1;
    }
}
