package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The exactly-once table, part of the partition's replicated state. For each session it remembers the highest
 * request id applied and the outcomes of the last {@code responsesPerSession} requests.
 * <p>
 * Eviction rule: at most {@code capacity} sessions; when a new session arrives at a full table, the session least
 * recently active (by the op of its last applied request) is forgotten. Only applied requests count as activity,
 * so the order is a pure function of the log. Records are pre-allocated and recycled; nothing is allocated per
 * request once response buffers have grown to their working size. Owned by the business-logic thread.
 */
final class SessionTable
{
    private final int capacity;
    private final int responsesPerSession;
    private final Long2ObjectHashMap<SessionRecord> bySessionId;
    private final SessionRecord[] free;
    private int freeCount;
    private SessionRecord leastRecent;
    private SessionRecord mostRecent;
    private SessionRecord found;
    private int foundSlot;
    private long evictions;

    SessionTable(final int capacity, final int responsesPerSession)
    {
        this.capacity = capacity;
        this.responsesPerSession = responsesPerSession;
        bySessionId = new Long2ObjectHashMap<>(capacity * 2, 0.65f);
        free = new SessionRecord[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = new SessionRecord(responsesPerSession);
        }
        freeCount = capacity;
    }

    DedupVerdict check(final long sessionId, final long requestId)
    {
        found = bySessionId.get(sessionId);
        if (found == null || requestId > found.highestRequestId)
        {
            return DedupVerdict.NEW;
        }
        foundSlot = found.findSlot(requestId);
        return foundSlot >= 0 ? DedupVerdict.DUPLICATE : DedupVerdict.TOO_OLD;
    }

    /**
     * Copies the outcome found by the last {@link #check} that returned {@link DedupVerdict#DUPLICATE}.
     */
    void copyFound(final ApplyOutput output)
    {
        final int errorCode = found.errorCodes[foundSlot];
        if (errorCode == 0)
        {
            output.respond(found.responses[foundSlot], 0, found.responseLengths[foundSlot], found.positions[foundSlot]);
        }
        else
        {
            output.reject(ErrorCodes.of(errorCode), found.positions[foundSlot]);
        }
    }

    /**
     * Records the outcome of an applied request and marks its session most recently active.
     *
     * @param errorCode 0 for a response, else an ErrorCode value.
     */
    void record(
        final long sessionId, final long requestId, final long position, final int errorCode,
        final DirectBuffer response, final int responseLength)
    {
        // the command's own check() just looked the session up (the state machine cannot change the table between
        // the two): reuse what it found rather than hash again, once per command
        SessionRecord session = found != null && found.sessionId == sessionId ? found : bySessionId.get(sessionId);
        found = null;
        if (session == null)
        {
            session = open(sessionId);
            linkMostRecent(session);
        }
        else if (session != mostRecent)
        {
            unlink(session);
            linkMostRecent(session);
        }
        // else: already the most recently active, and relinking would store the same links again (each a GC barrier)
        session.highestRequestId = requestId;
        session.lastActiveOp = position;
        final int slot = session.nextSlot();
        session.requestIds[slot] = requestId;
        session.positions[slot] = position;
        session.errorCodes[slot] = errorCode;
        session.responseLengths[slot] = responseLength;
        if (responseLength > 0)
        {
            session.responses[slot].putBytes(0, response, 0, responseLength);
        }
    }

    /**
     * Restores one session from a snapshot; sessions arrive least recently active first.
     */
    SessionRecord restore(final long sessionId, final long highestRequestId, final long lastActiveOp)
    {
        final SessionRecord session = open(sessionId);
        linkMostRecent(session);
        session.highestRequestId = highestRequestId;
        session.lastActiveOp = lastActiveOp;
        return session;
    }

    void clear()
    {
        found = null;
        while (leastRecent != null)
        {
            final SessionRecord session = leastRecent;
            unlink(session);
            bySessionId.remove(session.sessionId);
            free[freeCount++] = session;
        }
    }

    int size()
    {
        return bySessionId.size();
    }

    int responsesPerSession()
    {
        return responsesPerSession;
    }

    /**
     * @return the evictions since the last call, for the owner's counter.
     */
    long drainEvictions()
    {
        final long count = evictions;
        evictions = 0;
        return count;
    }

    SessionRecord leastRecent()
    {
        return leastRecent;
    }

    long digest(final long seed)
    {
        long digest = StateDigest.mix(seed, size());
        for (SessionRecord s = leastRecent; s != null; s = s.newer)
        {
            digest = StateDigest.mix(digest, s.sessionId);
            digest = StateDigest.mix(digest, s.highestRequestId);
            digest = StateDigest.mix(digest, s.lastActiveOp);
            final int remembered = s.rememberedCount();
            for (int age = 0; age < remembered; age++)
            {
                final int slot = s.slotOfAge(age);
                digest = StateDigest.mix(digest, s.requestIds[slot]);
                digest = StateDigest.mix(digest, s.positions[slot]);
                digest = StateDigest.mix(digest, s.errorCodes[slot]);
                digest = StateDigest.mixBytes(digest, s.responses[slot], 0, s.responseLengths[slot]);
            }
        }
        return digest;
    }

    private SessionRecord open(final long sessionId)
    {
        if (freeCount == 0)
        {
            final SessionRecord evicted = leastRecent;
            if (evicted == found)
            {
                found = null;
            }
            unlink(evicted);
            bySessionId.remove(evicted.sessionId);
            free[freeCount++] = evicted;
            evictions++;
        }
        final SessionRecord session = free[--freeCount];
        session.reset(sessionId);
        bySessionId.put(sessionId, session);
        return session;
    }

    private void linkMostRecent(final SessionRecord session)
    {
        session.older = mostRecent;
        session.newer = null;
        if (mostRecent != null)
        {
            mostRecent.newer = session;
        }
        mostRecent = session;
        if (leastRecent == null)
        {
            leastRecent = session;
        }
    }

    private void unlink(final SessionRecord session)
    {
        if (session.older != null)
        {
            session.older.newer = session.newer;
        }
        else
        {
            leastRecent = session.newer;
        }
        if (session.newer != null)
        {
            session.newer.older = session.older;
        }
        else
        {
            mostRecent = session.older;
        }
        session.older = null;
        session.newer = null;
    }

    int capacity()
    {
        return capacity;
    }
}
