package io.anthill.example.trading;

import io.anthill.example.trading.codecs.Side;

/**
 * One side of a book: its price levels sorted by {@link PricePriority}, the best level last so that consuming it, the
 * common case, costs O(1). Finding a level is a binary search over a parallel array of prices (no pointer chasing);
 * adding or removing one in the middle shifts at most {@code priceLevelsMax} entries. Levels come from a pool
 * allocated at start-up.
 */
final class BookSide
{
    private final Side side;
    private final PriceLevel[] levels;
    private final long[] levelPricesTicks;
    private final PriceLevel[] freeLevels;
    private int levelCount;
    private int freeCount;

    BookSide(final Side side, final int priceLevelsMax)
    {
        this.side = side;
        levels = new PriceLevel[priceLevelsMax];
        levelPricesTicks = new long[priceLevelsMax];
        freeLevels = new PriceLevel[priceLevelsMax];
        for (int i = 0; i < priceLevelsMax; i++)
        {
            freeLevels[i] = new PriceLevel();
        }
        freeCount = priceLevelsMax;
    }

    Side side()
    {
        return side;
    }

    /**
     * @return the best level, or null if the side is empty.
     */
    PriceLevel best()
    {
        return levelCount == 0 ? null : levels[levelCount - 1];
    }

    /**
     * @param depth 0 for the best level, 1 for the next, ... up to {@link #levelCount()} - 1.
     */
    PriceLevel levelFromBest(final int depth)
    {
        return levels[levelCount - 1 - depth];
    }

    /**
     * @param depth 0 for the best level; the price as the search index holds it, for the invariant checks.
     */
    long indexedPriceTicks(final int depth)
    {
        return levelPricesTicks[levelCount - 1 - depth];
    }

    int levelCount()
    {
        return levelCount;
    }

    /**
     * @return true if an order at this price could rest without exceeding the level limit.
     */
    boolean canRestAt(final long priceTicks)
    {
        return levelCount < levels.length || search(priceTicks) >= 0;
    }

    /**
     * @return the level at this price, added at its place in priority order if it was absent.
     */
    PriceLevel levelFor(final long priceTicks)
    {
        final int index = search(priceTicks);
        if (index >= 0)
        {
            return levels[index];
        }
        if (levelCount == levels.length)
        {
            throw new IllegalStateException("price levels exhausted: callers must check canRestAt() first");
        }

        final int insertAt = -index - 1;
        System.arraycopy(levels, insertAt, levels, insertAt + 1, levelCount - insertAt);
        System.arraycopy(levelPricesTicks, insertAt, levelPricesTicks, insertAt + 1, levelCount - insertAt);
        final PriceLevel level = freeLevels[--freeCount];
        freeLevels[freeCount] = null;
        level.init(priceTicks);
        levels[insertAt] = level;
        levelPricesTicks[insertAt] = priceTicks;
        levelCount++;
        return level;
    }

    /**
     * Returns the level to the pool if no order rests on it any more.
     */
    void removeIfEmpty(final PriceLevel level)
    {
        if (!level.isEmpty())
        {
            return;
        }
        // the best level empties most often: no search for it
        final int index = levels[levelCount - 1] == level ? levelCount - 1 : search(level.priceTicks);
        System.arraycopy(levels, index + 1, levels, index, levelCount - index - 1);
        System.arraycopy(levelPricesTicks, index + 1, levelPricesTicks, index, levelCount - index - 1);
        levels[--levelCount] = null;
        freeLevels[freeCount++] = level;
    }

    private int search(final long priceTicks)
    {
        return PricePriority.search(side, levelPricesTicks, levelCount, priceTicks);
    }
}
