package io.anthill.engine.node;


import io.anthill.engine.LongMapSnapshots;
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
     * Writes the balances in account order ({@link LongMapSnapshots}), so equal states write equal bytes.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        return LongMapSnapshots.write(balances, buffer, offset);
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        LongMapSnapshots.read(balances, buffer, offset);
    }

    @Override
    public long digest()
    {
        return balances.size();
    }
}
