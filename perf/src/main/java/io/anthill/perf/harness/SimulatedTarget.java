package io.anthill.perf.harness;

import org.agrona.BitUtil;
import org.agrona.concurrent.NanoClock;

/**
 * An in-process {@link LoadTarget} with a known, simple service model, used to measure the generator itself and to
 * test the harness without a cluster.
 *
 * <ul>
 *   <li>{@link #immediate}: answers every request at once; whatever latency is measured is the generator's own.</li>
 *   <li>{@link #fixedServiceTime}: answers each request a fixed time after it is sent, in parallel, like an
 *       unsaturated server.</li>
 *   <li>{@link #singleServer}: one FIFO server with a fixed service time, so latency rises without bound once the
 *       offered rate passes {@code 1 / serviceTime}: a target with a known maximum throughput.</li>
 * </ul>
 *
 * <p>{@link #stallOnce} adds a pause in which nothing is answered, as a GC or failover would cause. Responses are
 * given back in send order at their response times, which are non-decreasing in every model, so a FIFO ring of
 * pre-allocated arrays is enough and nothing allocates per request.
 */
public final class SimulatedTarget implements LoadTarget
{
    /** Default limit on responses waiting to be polled; a full queue pushes back on {@link #send}. */
    public static final int PENDING_RESPONSE_COUNT_MAX_DEFAULT = 1 << 20;

    private final NanoClock clock;
    private final long serviceTimeNs;
    private final boolean serialised;
    private final long[] correlationIds;
    private final long[] responseTimesNs;
    private final int mask;
    private long head;
    private long tail;
    private long serverFreeAtNs = Long.MIN_VALUE;
    private long stallStartNs;
    private long stallEndNs;
    private boolean stallSet;

    private SimulatedTarget(final NanoClock clock, final long serviceTimeNs, final boolean serialised, final int pendingMax)
    {
        if (serviceTimeNs < 0 || !BitUtil.isPowerOfTwo(pendingMax))
        {
            throw new IllegalArgumentException("serviceTimeNs >= 0 and a power-of-two pendingMax needed: " +
                serviceTimeNs + ", " + pendingMax);
        }
        this.clock = clock;
        this.serviceTimeNs = serviceTimeNs;
        this.serialised = serialised;
        this.correlationIds = new long[pendingMax];
        this.responseTimesNs = new long[pendingMax];
        this.mask = pendingMax - 1;
    }

    /**
     * A target that answers every request as soon as it is sent.
     *
     * @param clock the generator's clock.
     * @return the target.
     */
    public static SimulatedTarget immediate(final NanoClock clock)
    {
        return new SimulatedTarget(clock, 0, false, PENDING_RESPONSE_COUNT_MAX_DEFAULT);
    }

    /**
     * A target that answers each request {@code serviceTimeNs} after it was sent, however many are outstanding.
     *
     * @param clock the generator's clock.
     * @param serviceTimeNs the simulated service time.
     * @return the target.
     */
    public static SimulatedTarget fixedServiceTime(final NanoClock clock, final long serviceTimeNs)
    {
        return new SimulatedTarget(clock, serviceTimeNs, false, PENDING_RESPONSE_COUNT_MAX_DEFAULT);
    }

    /**
     * A single FIFO server: each request waits for those before it, then takes {@code serviceTimeNs}.
     *
     * @param clock the generator's clock.
     * @param serviceTimeNs the service time; the target saturates at {@code 1e9 / serviceTimeNs} requests per second.
     * @return the target.
     */
    public static SimulatedTarget singleServer(final NanoClock clock, final long serviceTimeNs)
    {
        return new SimulatedTarget(clock, serviceTimeNs, true, PENDING_RESPONSE_COUNT_MAX_DEFAULT);
    }

    /**
     * Makes the target stop answering for a while: requests sent from {@code startNs} to {@code startNs + durationNs}
     * are answered no earlier than the end of the stall.
     *
     * @param startNs when the stall starts, on the generator's clock.
     * @param durationNs how long it lasts.
     * @return this target.
     */
    public SimulatedTarget stallOnce(final long startNs, final long durationNs)
    {
        stallStartNs = startNs;
        stallEndNs = startNs + durationNs;
        stallSet = true;
        return this;
    }

    @Override
    public boolean send(
        final OperationType type, final long correlationId, final int sessionIndex, final int partitionIndex,
        final long intendedTimeNs)
    {
        if (tail - head >= correlationIds.length)
        {
            return false;
        }
        final long nowNs = clock.nanoTime();
        long responseTimeNs;
        if (serialised)
        {
            responseTimeNs = Math.max(nowNs, serverFreeAtNs) + serviceTimeNs;
            serverFreeAtNs = responseTimeNs;
        }
        else
        {
            responseTimeNs = nowNs + serviceTimeNs;
        }
        if (stallSet && nowNs - stallStartNs >= 0 && nowNs - stallEndNs < 0)
        {
            responseTimeNs = Math.max(responseTimeNs, stallEndNs);
        }
        final int slot = (int)(tail & mask);
        correlationIds[slot] = correlationId;
        responseTimesNs[slot] = responseTimeNs;
        tail++;
        return true;
    }

    @Override
    public int poll(final CompletionHandler handler, final int responseCountMax)
    {
        final long nowNs = clock.nanoTime();
        int count = 0;
        while (count < responseCountMax && head < tail)
        {
            final int slot = (int)(head & mask);
            final long responseTimeNs = responseTimesNs[slot];
            if (responseTimeNs - nowNs > 0)
            {
                break;
            }
            head++;
            count++;
            // reported as seen now, as a real target reports a response when its poll reads it: the generator's
            // own delay in polling is part of the latency it measures
            handler.onSuccess(correlationIds[slot], nowNs);
        }
        return count;
    }

    /**
     * Responses not yet given back.
     *
     * @return the count.
     */
    public int pendingResponseCount()
    {
        return (int)(tail - head);
    }
}
