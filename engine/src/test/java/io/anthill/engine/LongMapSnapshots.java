package io.anthill.engine;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The snapshot encoding of the test read models that keep a balance per account: the count, then (account, balance)
 * pairs in account order, so equal states write equal bytes whatever the hash layout.
 */
public final class LongMapSnapshots
{
    private LongMapSnapshots()
    {
    }

    /**
     * @return the bytes written at offset.
     */
    public static int write(final Long2LongHashMap map, final MutableDirectBuffer buffer, final int offset)
    {
        final long[] keys = new long[map.size()];
        int count = 0;
        for (final Long2LongHashMap.KeyIterator iterator = map.keySet().iterator(); iterator.hasNext(); )
        {
            keys[count++] = iterator.nextValue();
        }
        Arrays.sort(keys);
        buffer.putInt(offset, count);
        int position = offset + Integer.BYTES;
        for (final long key : keys)
        {
            buffer.putLong(position, key);
            buffer.putLong(position + Long.BYTES, map.get(key));
            position += 2 * Long.BYTES;
        }
        return position - offset;
    }

    /**
     * Replaces the map's content with what {@link #write} wrote.
     */
    public static void read(final Long2LongHashMap map, final DirectBuffer buffer, final int offset)
    {
        map.clear();
        final int count = buffer.getInt(offset);
        int position = offset + Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            map.put(buffer.getLong(position), buffer.getLong(position + Long.BYTES));
            position += 2 * Long.BYTES;
        }
    }
}
