package io.anthill.perf.harness;

/**
 * One kind of request in a {@link Workload} (an order, a cancel, a balance read...) and the rate it is offered at.
 *
 * <p>Instances are made only by {@link Workload.Builder}, so {@link #index()} is a dense position in the workload that
 * a {@link LoadTarget} can switch on or use as an array index instead of comparing names on the hot path.
 */
public final class OperationType
{
    private final String name;
    private final OperationKind kind;
    private final int index;
    private final long ratePerSec;

    OperationType(final String name, final OperationKind kind, final int index, final long ratePerSec)
    {
        this.name = name;
        this.kind = kind;
        this.index = index;
        this.ratePerSec = ratePerSec;
    }

    /**
     * The name used in reports, SLA keys and output file names.
     *
     * @return the operation's name, e.g. {@code order}.
     */
    public String name()
    {
        return name;
    }

    /**
     * Whether the operation writes or reads.
     *
     * @return the operation's kind.
     */
    public OperationKind kind()
    {
        return kind;
    }

    /**
     * The operation's position in its workload, from 0.
     *
     * @return a dense index, stable for the life of the workload.
     */
    public int index()
    {
        return index;
    }

    /**
     * How many requests of this type are scheduled per second, each at its own intended send time.
     *
     * @return the offered rate.
     */
    public long ratePerSec()
    {
        return ratePerSec;
    }

    @Override
    public String toString()
    {
        return name + "(" + kind.subjectName() + ", " + ratePerSec + "/s)";
    }
}
