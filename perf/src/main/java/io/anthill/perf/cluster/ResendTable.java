package io.anthill.perf.cluster;

/**
 * What a client-like load target keeps per request so that none is dropped silently: when it was sent, by which
 * session, and whether it was answered; requests unanswered past the retry time-out are resent (same session and
 * request id, so the cluster applies them at most once). Pre-allocated slots indexed by request id, owned by the load
 * generator's thread.
 */
public final class ResendTable
{
    /**
     * Resends one request; called by {@link #resendTimedOut}.
     */
    @FunctionalInterface
    public interface Resender
    {
        /**
         * @param requestId the request.
         * @param slot      its slot, for the caller's own per-request arrays.
         * @param session   the session it was sent by.
         * @return true if it went out.
         */
        boolean resend(long requestId, int slot, int session);
    }

    private final int mask;
    private final long retryTimeoutNs;
    private final long[] sentAtNs;
    private final int[] sessions;
    private final boolean[] answered;
    private long oldestUnanswered = 1;
    private long newestSent;

    /**
     * @param slots          a power of two, more than the requests ever in flight.
     * @param retryTimeoutNs how long a request may go unanswered before it is resent.
     */
    public ResendTable(final int slots, final long retryTimeoutNs)
    {
        this.mask = slots - 1;
        this.retryTimeoutNs = retryTimeoutNs;
        this.sentAtNs = new long[slots];
        this.sessions = new int[slots];
        this.answered = new boolean[slots];
    }

    /**
     * @return the slot of a request id.
     */
    public int slot(final long requestId)
    {
        return (int)(requestId & mask);
    }

    /**
     * Records a request that went out for the first time; ids only grow.
     */
    public void sent(final long requestId, final int session, final long nowNs)
    {
        final int slot = slot(requestId);
        sentAtNs[slot] = nowNs;
        sessions[slot] = session;
        answered[slot] = false;
        newestSent = requestId;
    }

    /**
     * @return true if the request is in flight: sent and not answered yet.
     */
    public boolean isInFlight(final long requestId)
    {
        return requestId <= newestSent && !answered[slot(requestId)];
    }

    /**
     * Marks a request answered.
     */
    public void answered(final long requestId)
    {
        answered[slot(requestId)] = true;
    }

    /**
     * Notes that a request went out again now.
     */
    public void resentAt(final long requestId, final long nowNs)
    {
        sentAtNs[slot(requestId)] = nowNs;
    }

    /**
     * @return the session that sent the request.
     */
    public int session(final long requestId)
    {
        return sessions[slot(requestId)];
    }

    /**
     * Resends, oldest first, the requests unanswered for longer than the retry time-out.
     *
     * @param nowNs    the current time.
     * @param limit    the most requests to resend in this call.
     * @param resender sends one.
     * @return how many were resent.
     */
    public int resendTimedOut(final long nowNs, final int limit, final Resender resender)
    {
        while (oldestUnanswered <= newestSent && answered[slot(oldestUnanswered)])
        {
            oldestUnanswered++;
        }
        int resent = 0;
        for (long id = oldestUnanswered; id <= newestSent && resent < limit; id++)
        {
            final int slot = slot(id);
            if (answered[slot])
            {
                continue;
            }
            if (nowNs - sentAtNs[slot] < retryTimeoutNs)
            {
                break;
            }
            if (resender.resend(id, slot, sessions[slot]))
            {
                sentAtNs[slot] = nowNs;
                resent++;
            }
        }
        return resent;
    }
}
