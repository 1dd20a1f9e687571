package io.anthill.perf.edges;

import io.anthill.engine.Projection;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * The benchmark's read model: balances by account; a query is an account, the answer its balance.
 */
final class BenchBalances implements Projection
{
    private final Long2LongHashMap balances = new Long2LongHashMap(0);

    @Override
    public String name()
    {
        return "balances";
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
        response.putLong(responseOffset, balances.get(query.getLong(offset)));
        return Long.BYTES;
    }

    @Override
    public long digest()
    {
        return balances.size();
    }
}
