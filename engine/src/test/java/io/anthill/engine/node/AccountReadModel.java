package io.anthill.engine.node;

import java.util.Arrays;

import io.anthill.engine.Projection;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The read model of {@link AccountLedger}: a query of 8 bytes (an account) is answered with its balance; any other
 * query is not understood.
 */
final class AccountReadModel implements Projection
{
    private final Long2LongHashMap balances = new Long2LongHashMap(0);

    @Override
    public String name()
    {
        return "accounts";
    }

    @Override
    public void onEvent(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        balances.put(buffer.getLong(offset), buffer.getLong(offset + 8));
    }

    @Override
    public int onQuery(
        final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer response,
        final int responseOffset)
    {
        if (length != Long.BYTES)
        {
            return -1;
        }
        response.putLong(responseOffset, balances.get(query.getLong(offset)));
        return Long.BYTES;
    }

    /**
     * Writes the count, then (account, balance) pairs in account order, so equal states write equal bytes.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        final long[] accounts = new long[balances.size()];
        int count = 0;
        for (final Long2LongHashMap.KeyIterator keys = balances.keySet().iterator(); keys.hasNext(); )
        {
            accounts[count++] = keys.nextValue();
        }
        Arrays.sort(accounts);
        buffer.putInt(offset, count);
        int position = offset + Integer.BYTES;
        for (final long account : accounts)
        {
            buffer.putLong(position, account);
            buffer.putLong(position + Long.BYTES, balances.get(account));
            position += 2 * Long.BYTES;
        }
        return position - offset;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        balances.clear();
        final int count = buffer.getInt(offset);
        int position = offset + Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            balances.put(buffer.getLong(position), buffer.getLong(position + Long.BYTES));
            position += 2 * Long.BYTES;
        }
    }

    @Override
    public long digest()
    {
        return balances.size();
    }
}
