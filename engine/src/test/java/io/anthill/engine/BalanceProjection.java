package io.anthill.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;

/**
 * A read model of the {@link LedgerStateMachine}'s balances: a query is an account number (8 bytes) and the answer
 * its balance. A query of {@link #UNKNOWN} is not understood, {@link #THROW} throws, {@link #HOLD} holds the read
 * model's thread until {@link #release()}, so tests can reach every outcome of the read path.
 */
final class BalanceProjection implements Projection
{
    static final long UNKNOWN = -1;
    static final long THROW = -2;
    static final long HOLD = -3;

    private final Long2LongHashMap balances = new Long2LongHashMap(0);
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

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
        final long account = query.getLong(offset);
        if (account == UNKNOWN)
        {
            return -1;
        }
        if (account == THROW)
        {
            throw new IllegalArgumentException("asked to throw");
        }
        if (account == HOLD)
        {
            held.countDown();
            await(release);
        }
        response.putLong(responseOffset, balances.get(account));
        return Long.BYTES;
    }

    void awaitHeld()
    {
        await(held);
    }

    void release()
    {
        release.countDown();
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            if (!latch.await(60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("latch not released in time");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
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
