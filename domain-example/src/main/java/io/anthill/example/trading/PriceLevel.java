package io.anthill.example.trading;

/**
 * The orders resting at one price on one side, oldest first: the time half of price-time priority. An intrusive
 * doubly linked list through {@link Order#previous}/{@link Order#next}, so joining, leaving and filling are O(1) and
 * allocate nothing. Pooled by {@link BookSide}.
 */
final class PriceLevel
{
    long priceTicks;
    long totalLots;
    int orderCount;
    Order head;
    Order tail;

    void init(final long priceTicks)
    {
        this.priceTicks = priceTicks;
        totalLots = 0;
        orderCount = 0;
        head = null;
        tail = null;
    }

    void append(final Order order)
    {
        order.level = this;
        order.previous = tail;
        order.next = null;
        if (tail == null)
        {
            head = order;
        }
        else
        {
            tail.next = order;
        }
        tail = order;
        totalLots += order.remainingLots;
        orderCount++;
    }

    void remove(final Order order)
    {
        if (order.previous == null)
        {
            head = order.next;
        }
        else
        {
            order.previous.next = order.next;
        }
        if (order.next == null)
        {
            tail = order.previous;
        }
        else
        {
            order.next.previous = order.previous;
        }
        totalLots -= order.remainingLots;
        orderCount--;
        order.level = null;
        order.previous = null;
        order.next = null;
    }

    /**
     * Takes lots off a resting order of this level, keeping the level's total in step.
     */
    void fill(final Order order, final long lots)
    {
        order.remainingLots -= lots;
        totalLots -= lots;
    }

    boolean isEmpty()
    {
        return head == null;
    }
}
