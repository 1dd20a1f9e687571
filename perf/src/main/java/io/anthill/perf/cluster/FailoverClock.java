package io.anthill.perf.cluster;

/**
 * Measures a failover as a client sees it: from the moment the primary was killed to the first write that was sent
 * after the kill and acknowledged, which needs the survivors to notice, elect the next replica and the client to find
 * it. Written and read on the load generator's thread.
 */
public final class FailoverClock
{
    private volatile long killedAtNs;
    private long firstAnsweredAtNs;

    void killed(final long nowNs)
    {
        killedAtNs = nowNs;
        firstAnsweredAtNs = 0;
    }

    void onWriteAnswered(final long sentAtNs, final long answeredAtNs)
    {
        if (killedAtNs != 0 && firstAnsweredAtNs == 0 && sentAtNs - killedAtNs > 0)
        {
            firstAnsweredAtNs = answeredAtNs;
        }
    }

    /**
     * @return true once a kill happened and a write sent after it was acknowledged.
     */
    public boolean measured()
    {
        return killedAtNs != 0 && firstAnsweredAtNs != 0;
    }

    /**
     * @return the unavailability window in nanoseconds, or -1 if not measured.
     */
    public long windowNs()
    {
        return measured() ? firstAnsweredAtNs - killedAtNs : -1;
    }
}
