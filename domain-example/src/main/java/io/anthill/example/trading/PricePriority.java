package io.anthill.example.trading;

import io.anthill.example.trading.codecs.Side;

/**
 * The order of price levels on one side of a book, shared by the book and the depth read model: levels are kept in
 * ascending priority key, so the best price is last (highest bid, lowest ask) and the busiest level is the cheapest
 * to change.
 */
final class PricePriority
{
    private PricePriority()
    {
    }

    /**
     * Binary search of a price among the first {@code count} prices of a side, sorted by priority.
     *
     * @return the index of the price, or (-(insertion point) - 1), as {@link java.util.Arrays#binarySearch(long[], long)}.
     */
    static int search(final Side side, final long[] pricesTicks, final int count, final long priceTicks)
    {
        final long key = key(side, priceTicks);
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int middle = (low + high) >>> 1;
            final long middleKey = key(side, pricesTicks[middle]);
            if (middleKey < key)
            {
                low = middle + 1;
            }
            else if (middleKey > key)
            {
                high = middle - 1;
            }
            else
            {
                return middle;
            }
        }
        return -(low + 1);
    }

    private static long key(final Side side, final long priceTicks)
    {
        return side == Side.BUY ? priceTicks : -priceTicks;
    }
}
