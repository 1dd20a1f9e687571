package io.anthill.perf.harness;

/**
 * Requests sent and not yet answered, in a ring indexed by correlation id, allocated once at start-up.
 *
 * <p>Correlation ids are dense and increasing, so {@code correlationId & mask} is a slot and a response is matched in
 * O(1) without a map or boxing. A slot keeps its id so a late or duplicate response is recognised, not misattributed.
 */
final class InFlightRequests
{
    static final long EMPTY = 0;

    private final long[] correlationIds;
    private final long[] intendedTimesNs;
    private final int[] operationIndexes;
    private final boolean[] measured;
    private final int mask;
    private int count;

    private long removedIntendedTimeNs;
    private int removedOperationIndex;
    private boolean removedMeasured;

    InFlightRequests(final int capacity)
    {
        correlationIds = new long[capacity];
        intendedTimesNs = new long[capacity];
        operationIndexes = new int[capacity];
        measured = new boolean[capacity];
        mask = capacity - 1;
    }

    int count()
    {
        return count;
    }

    int capacity()
    {
        return correlationIds.length;
    }

    /**
     * Whether the slot a new request would take is still held by an older one.
     */
    boolean isSlotTaken(final long correlationId)
    {
        return correlationIds[slot(correlationId)] != EMPTY;
    }

    /**
     * Gives up on the request holding the slot a new id needs; the removed fields are then readable.
     */
    void evictSlotOf(final long correlationId)
    {
        final int slot = slot(correlationId);
        assert correlationIds[slot] != EMPTY : "evicting an empty slot";
        take(slot);
    }

    void add(final long correlationId, final int operationIndex, final long intendedTimeNs, final boolean isMeasured)
    {
        assert correlationId != EMPTY : "correlation ids start at 1";
        final int slot = slot(correlationId);
        assert correlationIds[slot] == EMPTY : "slot taken";
        correlationIds[slot] = correlationId;
        intendedTimesNs[slot] = intendedTimeNs;
        operationIndexes[slot] = operationIndex;
        measured[slot] = isMeasured;
        count++;
    }

    /**
     * Removes an answered request.
     *
     * @return false when no request with this id is outstanding (late, duplicate or unknown response).
     */
    boolean remove(final long correlationId)
    {
        final int slot = slot(correlationId);
        if (correlationId == EMPTY || correlationIds[slot] != correlationId)
        {
            return false;
        }
        take(slot);
        return true;
    }

    /**
     * Removes the outstanding request in the slot at {@code slotIndex} if any, for the final count of the unanswered.
     */
    boolean removeAtSlot(final int slotIndex)
    {
        if (correlationIds[slotIndex] == EMPTY)
        {
            return false;
        }
        take(slotIndex);
        return true;
    }

    long removedIntendedTimeNs()
    {
        return removedIntendedTimeNs;
    }

    int removedOperationIndex()
    {
        return removedOperationIndex;
    }

    boolean removedMeasured()
    {
        return removedMeasured;
    }

    private void take(final int slot)
    {
        removedIntendedTimeNs = intendedTimesNs[slot];
        removedOperationIndex = operationIndexes[slot];
        removedMeasured = measured[slot];
        correlationIds[slot] = EMPTY;
        count--;
    }

    private int slot(final long correlationId)
    {
        return (int)(correlationId & mask);
    }
}
