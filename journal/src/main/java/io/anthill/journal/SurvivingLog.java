package io.anthill.journal;

import net.openhft.chronicle.queue.RollCycle;

/**
 * The in-memory index of the surviving log: which Chronicle document holds each op, and each op's view.
 *
 * <p>Chronicle gives consecutive documents of one cycle file consecutive indexes, so ops map to indexes in segments:
 * a segment starts at an op and a Chronicle index and grows by one per appended op. A new segment starts only when
 * the next document is not the next index (a new cycle file, a marker, a superseded or sealed document in between).
 * Memory is 16 bytes per segment and 16 per view change, nothing per op. Owned by the journal's thread.
 */
final class SurvivingLog
{
    private final OpRuns segments = new OpRuns();
    private final OpRuns views = new OpRuns();
    private final RollCycle rollCycle;
    private long firstOp = 1;
    private long lastOp;
    private long lastView;
    private long lastIndex = -1;
    private int truncations;
    private long layoutVersion;

    SurvivingLog(final RollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
    }

    void append(final long op, final long view, final long chronicleIndex)
    {
        if (isEmpty())
        {
            firstOp = op;
        }
        final boolean contiguous = segments.size() > 0 && chronicleIndex == lastIndex + 1 &&
            rollCycle.toCycle(chronicleIndex) == rollCycle.toCycle(lastIndex);
        if (!contiguous)
        {
            segments.add(op, chronicleIndex);
            layoutVersion++;
        }
        if (views.size() == 0 || view != lastView)
        {
            views.add(op, view);
        }
        lastOp = op;
        lastView = view;
        lastIndex = chronicleIndex;
    }

    /**
     * Forgets every op after op; the next append is op + 1 at a new index.
     *
     * @return how many surviving entries were superseded.
     */
    long truncateAfter(final long op)
    {
        final long superseded = Math.max(0, lastOp - Math.max(op, firstOp - 1));
        if (op < firstOp)
        {
            segments.clear();
            views.clear();
            firstOp = op + 1;
            lastView = 0;
        }
        else
        {
            segments.truncateAfter(op);
            views.truncateAfter(op);
            lastView = views.value(views.size() - 1);
        }
        lastOp = Math.max(op, 0);
        lastIndex = -1;
        truncations++;
        layoutVersion++;
        return superseded;
    }

    /**
     * Forgets every op: a snapshot covers all ops up to op, and the next append is op + 1 in view or later.
     *
     * @return how many surviving entries were dropped.
     */
    long restartAfter(final long op, final long view)
    {
        final long dropped = lastOp - firstOp + 1;
        segments.clear();
        views.clear();
        firstOp = op + 1;
        lastOp = op;
        lastView = view;
        lastIndex = -1;
        truncations++;
        layoutVersion++;
        return dropped;
    }

    /**
     * Forgets ops held by cycles before firstKeptCycle (their files were deleted by retention).
     */
    void removeCyclesBefore(final int firstKeptCycle)
    {
        int dropped = 0;
        while (dropped < segments.size() && rollCycle.toCycle(segments.value(dropped)) < firstKeptCycle)
        {
            dropped++;
        }
        if (0 == dropped)
        {
            return;
        }
        layoutVersion++;
        if (dropped == segments.size())
        {
            segments.clear();
            views.clear();
            firstOp = lastOp + 1;
            return;
        }
        segments.removeFirst(dropped);
        firstOp = segments.startOp(0);
        // the view run holding firstOp may start before it; lookups only ask for kept ops, so it can stay as it is
        views.removeFirst(views.find(firstOp));
    }

    boolean isEmpty()
    {
        return lastOp < firstOp;
    }

    boolean contains(final long op)
    {
        return op >= firstOp && op <= lastOp;
    }

    long chronicleIndexOf(final long op)
    {
        final int segment = segments.find(op);
        return segments.value(segment) + (op - segments.startOp(segment));
    }

    /**
     * @return the first op after op's segment (ops up to it sit at consecutive Chronicle indexes), or
     * {@link Long#MAX_VALUE} when op is in the last segment; valid while {@link #layoutVersion()} is unchanged.
     */
    long segmentEndOp(final long op)
    {
        final int segment = segments.find(op);
        return segment + 1 < segments.size() ? segments.startOp(segment + 1) : Long.MAX_VALUE;
    }

    /**
     * @return a number that changes whenever the op-to-index segments change other than by an append extending the
     * last one, so readers may cache a segment's extent.
     */
    long layoutVersion()
    {
        return layoutVersion;
    }

    long viewOf(final long op)
    {
        return views.value(views.find(op));
    }

    int cycleOf(final long op)
    {
        return rollCycle.toCycle(chronicleIndexOf(op));
    }

    long firstOp()
    {
        return firstOp;
    }

    long lastOp()
    {
        return lastOp;
    }

    long lastView()
    {
        return lastView;
    }

    int segmentCount()
    {
        return segments.size();
    }

    int truncations()
    {
        return truncations;
    }
}
