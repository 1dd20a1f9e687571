package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The partition's durable alarms, kept in (deadline, id) order. Everything is allocated up front for
 * {@code capacity} alarms: slots in parallel arrays, an id-to-slot map, and an index array sorted by (deadline, id)
 * that an insert or removal shifts. Owned by the business-logic thread.
 */
final class AlarmTable implements Alarms
{
    private static final long NO_SLOT = -1;

    private final int capacity;
    private final long[] alarmIds;
    private final long[] deadlinesNs;
    private final int[] metadataLengths;
    private final UnsafeBuffer metadata;
    private final int[] freeSlots;
    private final int[] order;
    private final Long2LongHashMap slotByAlarmId;
    private int freeCount;
    private int size;
    private boolean visiting;

    AlarmTable(final int capacity)
    {
        this.capacity = capacity;
        alarmIds = new long[capacity];
        deadlinesNs = new long[capacity];
        metadataLengths = new int[capacity];
        metadata = new UnsafeBuffer(new byte[capacity * METADATA_LENGTH_MAX]);
        freeSlots = new int[capacity];
        order = new int[capacity];
        slotByAlarmId = new Long2LongHashMap(capacity * 2, 0.65f, NO_SLOT);
        clear();
    }

    @Override
    public void schedule(
        final long alarmId, final long deadlineNs, final DirectBuffer metadata, final int metadataOffset,
        final int metadataLength)
    {
        checkNotVisiting();
        if (metadataLength < 0 || metadataLength > METADATA_LENGTH_MAX)
        {
            throw new LimitExceededException(
                LimitExceededException.Limit.ALARM_METADATA_LENGTH, metadataLength, METADATA_LENGTH_MAX);
        }
        int slot = (int)slotByAlarmId.get(alarmId);
        if (slot != NO_SLOT)
        {
            removeFromOrder(slot);
        }
        else
        {
            if (freeCount == 0)
            {
                throw new LimitExceededException(LimitExceededException.Limit.ALARM_CAPACITY, capacity + 1, capacity);
            }
            slot = freeSlots[--freeCount];
            slotByAlarmId.put(alarmId, slot);
            alarmIds[slot] = alarmId;
        }
        deadlinesNs[slot] = deadlineNs;
        metadataLengths[slot] = metadataLength;
        if (metadataLength > 0)
        {
            this.metadata.putBytes(slot * METADATA_LENGTH_MAX, metadata, metadataOffset, metadataLength);
        }
        insertIntoOrder(slot);
    }

    @Override
    public boolean reschedule(final long alarmId, final long deadlineNs)
    {
        checkNotVisiting();
        final int slot = (int)slotByAlarmId.get(alarmId);
        if (slot == NO_SLOT)
        {
            return false;
        }
        removeFromOrder(slot);
        deadlinesNs[slot] = deadlineNs;
        insertIntoOrder(slot);
        return true;
    }

    @Override
    public boolean cancel(final long alarmId)
    {
        checkNotVisiting();
        final int slot = (int)slotByAlarmId.get(alarmId);
        if (slot == NO_SLOT)
        {
            return false;
        }
        removeFromOrder(slot);
        release(slot);
        return true;
    }

    @Override
    public boolean isScheduled(final long alarmId)
    {
        return slotByAlarmId.containsKey(alarmId);
    }

    @Override
    public int forEach(final AlarmVisitor visitor)
    {
        visiting = true;
        try
        {
            for (int i = 0; i < size; i++)
            {
                final int slot = order[i];
                visitor.onAlarm(alarmIds[slot], deadlinesNs[slot], metadata, slot * METADATA_LENGTH_MAX,
                    metadataLengths[slot]);
            }
        }
        finally
        {
            visiting = false;
        }
        return size;
    }

    @Override
    public int size()
    {
        return size;
    }

    /**
     * @return the earliest deadline, or {@link Long#MAX_VALUE} if nothing is scheduled.
     */
    long nextDeadlineNs()
    {
        return size == 0 ? Long.MAX_VALUE : deadlinesNs[order[0]];
    }

    /**
     * Removes the earliest alarm, copying it to {@code into}, so the state machine may reschedule the same id while
     * it handles the alarm.
     */
    void pollEarliest(final FiredAlarm into)
    {
        checkNotVisiting();
        final int slot = order[0];
        into.set(alarmIds[slot], deadlinesNs[slot], metadata, slot * METADATA_LENGTH_MAX, metadataLengths[slot]);
        removeFromOrder(slot);
        release(slot);
    }

    void clear()
    {
        slotByAlarmId.clear();
        size = 0;
        freeCount = capacity;
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = capacity - 1 - i;
        }
    }

    long digest(final long seed)
    {
        long digest = StateDigest.mix(seed, size);
        for (int i = 0; i < size; i++)
        {
            final int slot = order[i];
            digest = StateDigest.mix(digest, alarmIds[slot]);
            digest = StateDigest.mix(digest, deadlinesNs[slot]);
            digest = StateDigest.mixBytes(digest, metadata, slot * METADATA_LENGTH_MAX, metadataLengths[slot]);
        }
        return digest;
    }

    private void release(final int slot)
    {
        slotByAlarmId.remove(alarmIds[slot]);
        freeSlots[freeCount++] = slot;
    }

    private void insertIntoOrder(final int slot)
    {
        final int index = insertionIndex(deadlinesNs[slot], alarmIds[slot]);
        System.arraycopy(order, index, order, index + 1, size - index);
        order[index] = slot;
        size++;
    }

    private void removeFromOrder(final int slot)
    {
        final int index = insertionIndex(deadlinesNs[slot], alarmIds[slot]);
        if (index >= size || order[index] != slot)
        {
            throw new IllegalStateException("alarm order corrupted at alarm " + alarmIds[slot]);
        }
        System.arraycopy(order, index + 1, order, index, size - index - 1);
        size--;
    }

    /**
     * @return the first index whose (deadline, id) is not less than the given one.
     */
    private int insertionIndex(final long deadlineNs, final long alarmId)
    {
        int low = 0;
        int high = size;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            final int slot = order[mid];
            final int cmp = deadlinesNs[slot] != deadlineNs ?
                Long.compare(deadlinesNs[slot], deadlineNs) : Long.compare(alarmIds[slot], alarmId);
            if (cmp < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }

    private void checkNotVisiting()
    {
        if (visiting)
        {
            throw new IllegalStateException("alarms must not change during forEach");
        }
    }
}
