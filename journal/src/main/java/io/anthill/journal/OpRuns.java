package io.anthill.journal;

import java.util.Arrays;

/**
 * A run-length map from op to a long, sorted by op: run i covers ops [startOp(i), startOp(i + 1)). Used for the
 * op-to-Chronicle-index segments and for the view history. Runs are rare (one per cycle file, truncation or view
 * change), so the arrays grow by doubling and lookups binary search. 16 bytes per run, nothing per op.
 */
final class OpRuns
{
    private static final int INITIAL_CAPACITY = 16;

    private long[] startOps = new long[INITIAL_CAPACITY];
    private long[] values = new long[INITIAL_CAPACITY];
    private int size;

    void add(final long startOp, final long value)
    {
        if (size > 0 && startOp <= startOps[size - 1])
        {
            throw new IllegalStateException("runs must start at increasing ops: " + startOp + " after " + startOps[size - 1]);
        }
        if (size == startOps.length)
        {
            startOps = Arrays.copyOf(startOps, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        startOps[size] = startOp;
        values[size] = value;
        size++;
    }

    int size()
    {
        return size;
    }

    long startOp(final int run)
    {
        return startOps[run];
    }

    long value(final int run)
    {
        return values[run];
    }

    /**
     * @return the run holding op, or -1 when op is before the first run.
     */
    int find(final long op)
    {
        int low = 0;
        int high = size - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            if (startOps[mid] <= op)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return low - 1;
    }

    /**
     * Drops every run starting after op.
     */
    void truncateAfter(final long op)
    {
        while (size > 0 && startOps[size - 1] > op)
        {
            size--;
        }
    }

    /**
     * Drops the first count runs.
     */
    void removeFirst(final int count)
    {
        System.arraycopy(startOps, count, startOps, 0, size - count);
        System.arraycopy(values, count, values, 0, size - count);
        size -= count;
    }

    void clear()
    {
        size = 0;
    }
}
