package io.anthill.perf.aeroncluster;

/**
 * The leader-kill window as the client sees it: the longest stretch without any response that ends after the kill,
 * from the last response before it to the first one after. Unlike our {@code failover} scenario's clock it looks until
 * the end of the run, because with Aeron's default timeouts the followers wait 10 s before they elect a new leader.
 * Written on the load generator's thread; the kill's time stamp comes from the thread that kills.
 */
final class OutageClock
{
    private volatile long killedAtNs;
    private long lastAnsweredAtNs;
    private long longestGapNs = -1;
    private long gapEndedAtNs;

    void killed(final long nowNs)
    {
        killedAtNs = nowNs;
    }

    void onAnswered(final long answeredAtNs)
    {
        final long killed = killedAtNs;
        if (killed != 0 && answeredAtNs - killed > 0 && lastAnsweredAtNs != 0)
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
     * @return true once a kill happened and a response arrived after it.
     */
    boolean measured()
    {
        return longestGapNs >= 0;
    }

    /**
     * @return the window without responses around the kill, in nanoseconds, or -1.
     */
    long windowNs()
    {
        return longestGapNs;
    }

    /**
     * @return how long after the kill responses flowed again, in nanoseconds, or -1.
     */
    long recoveredAfterKillNs()
    {
        return measured() ? gapEndedAtNs - killedAtNs : -1;
    }
}
