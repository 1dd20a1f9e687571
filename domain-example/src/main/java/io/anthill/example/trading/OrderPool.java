package io.anthill.example.trading;

/**
 * All the orders a partition may ever hold, allocated at start-up; a stack of free ones. Running out is the
 * {@code TOO_MANY_ORDERS} rejection, checked before an order is accepted.
 */
final class OrderPool
{
    private final Order[] free;
    private final Order[] byIndex;
    private int freeCount;

    OrderPool(final int capacity)
    {
        free = new Order[capacity];
        byIndex = new Order[capacity];
        for (int i = 0; i < capacity; i++)
        {
            byIndex[i] = new Order(i);
            free[i] = byIndex[i];
        }
        freeCount = capacity;
    }

    boolean isEmpty()
    {
        return freeCount == 0;
    }

    Order acquire()
    {
        if (freeCount == 0)
        {
            throw new IllegalStateException("order pool exhausted: callers must check isEmpty() first");
        }
        final Order order = free[--freeCount];
        free[freeCount] = null;
        return order;
    }

    void release(final Order order)
    {
        order.clear();
        free[freeCount++] = order;
    }

    /**
     * @param poolIndex an {@link Order#poolIndex}.
     */
    Order at(final int poolIndex)
    {
        return byIndex[poolIndex];
    }

    int capacity()
    {
        return free.length;
    }

    int freeCount()
    {
        return freeCount;
    }
}
