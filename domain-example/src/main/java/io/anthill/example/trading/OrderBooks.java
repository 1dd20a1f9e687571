package io.anthill.example.trading;

import org.agrona.collections.Long2LongHashMap;

/**
 * The books of every instrument this partition owns, the index of resting orders by id, and the order pool. Keeps
 * the three in step: an order is in the index exactly while it rests in a book.
 */
final class OrderBooks
{
    private static final float LOAD_FACTOR = 0.5f;
    private static final long NOT_RESTING = -1;

    private final OwnedInstruments instruments;
    private final OrderBook[] bookBySlot;
    /**
     * Order id to {@link Order#poolIndex}. A primitive map, not {@code Long2ObjectHashMap<Order>}: every rest and
     * every removal stored (and moved) Order references in a 262,144-slot array, and under G1 each such store is a
     * card-marking barrier whose dirty cards the concurrent refinement threads then scan (docs/perf.md, replay).
     */
    private final Long2LongHashMap restingById;
    private final OrderPool pool;

    OrderBooks(final OwnedInstruments instruments, final int ordersMax, final int priceLevelsMax)
    {
        this.instruments = instruments;
        bookBySlot = new OrderBook[instruments.slotCount()];
        for (int slot = 1; slot < bookBySlot.length; slot++)
        {
            bookBySlot[slot] = new OrderBook(instruments.assetIdOf(slot), slot, priceLevelsMax);
        }
        // sized so that it never resizes: at most ordersMax entries at LOAD_FACTOR
        restingById = new Long2LongHashMap(2 * ordersMax + 2, LOAD_FACTOR, NOT_RESTING);
        pool = new OrderPool(ordersMax);
    }

    /**
     * @return the book of an instrument this partition owns, or null.
     */
    OrderBook bookOf(final int instrumentId)
    {
        if (instrumentId <= 0)
        {
            return null;
        }
        final int slot = instruments.slotOf(instrumentId);
        return slot == OwnedInstruments.NOT_OWNED ? null : bookBySlot[slot];
    }

    /**
     * @param slot 1..slotCount-1.
     */
    OrderBook bookAtSlot(final int slot)
    {
        return bookBySlot[slot];
    }

    int bookSlotCount()
    {
        return bookBySlot.length;
    }

    Order findResting(final long orderId)
    {
        final long poolIndex = restingById.get(orderId);
        return poolIndex == NOT_RESTING ? null : pool.at((int)poolIndex);
    }

    int restingCount()
    {
        return restingById.size();
    }

    boolean isFull()
    {
        return pool.isEmpty();
    }

    Order acquire()
    {
        return pool.acquire();
    }

    void release(final Order order)
    {
        pool.release(order);
    }

    void rest(final OrderBook book, final Order order)
    {
        book.rest(order);
        restingById.put(order.orderId, order.poolIndex);
    }

    void remove(final OrderBook book, final Order order)
    {
        book.remove(order);
        restingById.remove(order.orderId);
    }

    OrderPool pool()
    {
        return pool;
    }
}
