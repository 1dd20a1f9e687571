package io.anthill.example.trading;

import java.nio.ByteOrder;

import io.anthill.example.trading.codecs.Side;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One side of one book as the depth read model sees it: quantity and order count per price, in parallel primitive
 * arrays sorted by priority with the best level last (so the busiest level changes in O(1)). Capacity is the
 * partition's {@code priceLevelsMax}, so it never grows.
 */
final class DepthLevels
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int LEVEL_LENGTH = 2 * Long.BYTES + Integer.BYTES;

    private final int instrumentId;
    private final Side side;
    /** The first value of every level's digest item: the book (instrument and side). */
    private final long bookKey;
    private final long[] pricesTicks;
    private final long[] quantitiesLots;
    private final int[] orderCounts;
    /**
     * Per level, for the digest: {@link Digests#prefixOf}(book, price), fixed while the level exists, and the level's
     * current term. A change subtracts the cached term and chains lots and orders on the prefix: two mixes where
     * recomputing both terms took eight.
     */
    private final long[] termPrefixes;
    private final long[] terms;
    private int levelCount;

    DepthLevels(final int instrumentId, final Side side, final int priceLevelsMax)
    {
        this.instrumentId = instrumentId;
        this.side = side;
        bookKey = 4L * instrumentId + side.value();
        pricesTicks = new long[priceLevelsMax];
        quantitiesLots = new long[priceLevelsMax];
        orderCounts = new int[priceLevelsMax];
        termPrefixes = new long[priceLevelsMax];
        terms = new long[priceLevelsMax];
    }

    int levelCount()
    {
        return levelCount;
    }

    /**
     * @param depth 0 for the best level.
     */
    long priceTicks(final int depth)
    {
        return pricesTicks[levelCount - 1 - depth];
    }

    long quantityLots(final int depth)
    {
        return quantitiesLots[levelCount - 1 - depth];
    }

    int orderCount(final int depth)
    {
        return orderCounts[levelCount - 1 - depth];
    }

    /**
     * Changes a level, adding it if absent and removing it when its last order leaves.
     *
     * @return the digest term of the level before the change minus after it, for the caller's running digest.
     */
    long change(final long priceTicks, final long deltaLots, final int deltaOrders)
    {
        int index = PricePriority.search(side, pricesTicks, levelCount, priceTicks);
        final boolean isNew = index < 0;
        if (isNew)
        {
            if (deltaOrders != 1 || levelCount == pricesTicks.length)
            {
                throw new IllegalStateException("depth of book " + instrumentId + " has no level at " + priceTicks);
            }
            index = -index - 1;
            System.arraycopy(pricesTicks, index, pricesTicks, index + 1, levelCount - index);
            System.arraycopy(quantitiesLots, index, quantitiesLots, index + 1, levelCount - index);
            System.arraycopy(orderCounts, index, orderCounts, index + 1, levelCount - index);
            System.arraycopy(termPrefixes, index, termPrefixes, index + 1, levelCount - index);
            System.arraycopy(terms, index, terms, index + 1, levelCount - index);
            pricesTicks[index] = priceTicks;
            quantitiesLots[index] = 0;
            orderCounts[index] = 0;
            termPrefixes[index] = Digests.prefixOf(bookKey, priceTicks);
            terms[index] = 0;
            levelCount++;
        }
        final long before = terms[index];
        quantitiesLots[index] += deltaLots;
        orderCounts[index] += deltaOrders;
        // a maker filled to zero lots keeps its count until its OrderClosed; no orders means no lots
        if (quantitiesLots[index] < 0 || orderCounts[index] < 0 || (orderCounts[index] == 0 && quantitiesLots[index] != 0))
        {
            throw new IllegalStateException("depth of book " + instrumentId + " at " + priceTicks + " went to " +
                quantitiesLots[index] + " lots in " + orderCounts[index] + " orders");
        }
        if (orderCounts[index] == 0)
        {
            System.arraycopy(pricesTicks, index + 1, pricesTicks, index, levelCount - index - 1);
            System.arraycopy(quantitiesLots, index + 1, quantitiesLots, index, levelCount - index - 1);
            System.arraycopy(orderCounts, index + 1, orderCounts, index, levelCount - index - 1);
            System.arraycopy(termPrefixes, index + 1, termPrefixes, index, levelCount - index - 1);
            System.arraycopy(terms, index + 1, terms, index, levelCount - index - 1);
            levelCount--;
            return before;
        }
        terms[index] = Digests.termOf(termPrefixes[index], quantitiesLots[index], orderCounts[index]);
        return before - terms[index];
    }

    /**
     * Writes the level count, then each level (price, lots, orders) in storage order.
     *
     * @return the number of bytes written.
     */
    int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, levelCount, ORDER);
        int position = offset + Integer.BYTES;
        for (int index = 0; index < levelCount; index++)
        {
            buffer.putLong(position, pricesTicks[index], ORDER);
            buffer.putLong(position + Long.BYTES, quantitiesLots[index], ORDER);
            buffer.putInt(position + 2 * Long.BYTES, orderCounts[index], ORDER);
            position += LEVEL_LENGTH;
        }
        return position - offset;
    }

    /**
     * Replaces the levels with those written by {@link #writeSnapshot}.
     *
     * @return the number of bytes read.
     */
    int loadSnapshot(final DirectBuffer buffer, final int offset)
    {
        final int count = buffer.getInt(offset, ORDER);
        if (count < 0 || count > pricesTicks.length)
        {
            throw new IllegalStateException("depth snapshot of " + count + " levels, at most " + pricesTicks.length);
        }
        int position = offset + Integer.BYTES;
        for (int index = 0; index < count; index++)
        {
            pricesTicks[index] = buffer.getLong(position, ORDER);
            quantitiesLots[index] = buffer.getLong(position + Long.BYTES, ORDER);
            orderCounts[index] = buffer.getInt(position + 2 * Long.BYTES, ORDER);
            termPrefixes[index] = Digests.prefixOf(bookKey, pricesTicks[index]);
            terms[index] = Digests.termOf(termPrefixes[index], quantitiesLots[index], orderCounts[index]);
            position += LEVEL_LENGTH;
        }
        levelCount = count;
        return position - offset;
    }

    /**
     * @return the sum of the digest terms of every level (the cached {@link #terms}), as the read model keeps it
     * incrementally.
     */
    long digest()
    {
        long digest = 0;
        for (int index = 0; index < levelCount; index++)
        {
            digest += terms[index];
        }
        return digest;
    }
}
