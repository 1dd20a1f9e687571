package io.anthill.perf.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A mixed, open-loop workload: several operation types, each offered at its own fixed rate, spread over many client
 * sessions and partitions.
 *
 * <p>Immutable, so one workload can be run repeatedly (warm-up, max-throughput steps) and shared between a scenario
 * and its report.
 */
public final class Workload
{
    /** Limit on operation types: a report row, a histogram and an SLA subject each. */
    public static final int OPERATION_COUNT_MAX = 32;
    /** Limit on client sessions the generator spreads requests over. */
    public static final int SESSION_COUNT_MAX = 1 << 16;
    /** Limit on partitions the generator spreads requests over. */
    public static final int PARTITION_COUNT_MAX = 1 << 16;
    /** Limit on one operation's rate: keeps {@code index * 1e9} far from overflow for runs of days. */
    public static final long RATE_PER_SEC_MAX = 100_000_000L;

    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");

    private final List<OperationType> operations;
    private final int sessionCount;
    private final int partitionCount;

    private Workload(final List<OperationType> operations, final int sessionCount, final int partitionCount)
    {
        this.operations = Collections.unmodifiableList(operations);
        this.sessionCount = sessionCount;
        this.partitionCount = partitionCount;
    }

    /**
     * Starts describing a workload.
     *
     * @return a builder with one session, one partition and no operations.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * The operation types, in the order they were added; {@link OperationType#index()} is the position here.
     *
     * @return an unmodifiable list.
     */
    public List<OperationType> operations()
    {
        return operations;
    }

    /**
     * How many client sessions requests are spread over, round-robin.
     *
     * @return at least 1.
     */
    public int sessionCount()
    {
        return sessionCount;
    }

    /**
     * How many partitions requests are spread over, round-robin per operation type.
     *
     * @return at least 1.
     */
    public int partitionCount()
    {
        return partitionCount;
    }

    /**
     * The summed rate of all operations of one kind.
     *
     * @param kind writes or reads.
     * @return requests per second, 0 when the workload has none of that kind.
     */
    public long ratePerSec(final OperationKind kind)
    {
        long sum = 0;
        for (final OperationType operation : operations)
        {
            sum += operation.kind() == kind ? operation.ratePerSec() : 0;
        }
        return sum;
    }

    /**
     * The same workload with the operations of one kind rescaled to a new total rate, keeping their proportions;
     * this is how a max-throughput search raises writes while reads stay as they were.
     *
     * @param kind the kind to rescale.
     * @param totalRatePerSec the new summed rate of that kind.
     * @return a new workload; this one is unchanged.
     */
    public Workload withKindRate(final OperationKind kind, final long totalRatePerSec)
    {
        final long oldTotal = ratePerSec(kind);
        if (oldTotal == 0 || totalRatePerSec <= 0)
        {
            throw new IllegalArgumentException("cannot rescale " + kind.subjectName() + " from " + oldTotal + "/s to " +
                totalRatePerSec + "/s");
        }
        final Builder builder = builder().sessions(sessionCount).partitions(partitionCount);
        for (final OperationType operation : operations)
        {
            final long rate = operation.kind() != kind ? operation.ratePerSec() :
                Math.max(1, Math.round((double)operation.ratePerSec() * totalRatePerSec / oldTotal));
            builder.operation(operation.name(), operation.kind(), rate);
        }
        return builder.build();
    }

    @Override
    public String toString()
    {
        return "Workload" + operations + " over " + sessionCount + " sessions, " + partitionCount + " partitions";
    }

    /** Collects operation types and validates them as a whole in {@link #build()}. */
    public static final class Builder
    {
        private final List<OperationType> operations = new ArrayList<>();
        private int sessionCount = 1;
        private int partitionCount = 1;

        private Builder()
        {
        }

        /**
         * Adds a write operation.
         *
         * @param name the operation's name in reports and SLA keys.
         * @param ratePerSec its offered rate.
         * @return this builder.
         */
        public Builder write(final String name, final long ratePerSec)
        {
            return operation(name, OperationKind.WRITE, ratePerSec);
        }

        /**
         * Adds a read operation.
         *
         * @param name the operation's name in reports and SLA keys.
         * @param ratePerSec its offered rate.
         * @return this builder.
         */
        public Builder read(final String name, final long ratePerSec)
        {
            return operation(name, OperationKind.READ, ratePerSec);
        }

        /**
         * Adds an operation of either kind.
         *
         * @param name the operation's name: a letter, then letters, digits, {@code _} or {@code -}; not a kind's name.
         * @param kind write or read.
         * @param ratePerSec its offered rate, 1 to {@link #RATE_PER_SEC_MAX}.
         * @return this builder.
         */
        public Builder operation(final String name, final OperationKind kind, final long ratePerSec)
        {
            operations.add(new OperationType(name, kind, operations.size(), ratePerSec));
            return this;
        }

        /**
         * Sets how many client sessions requests are spread over.
         *
         * @param sessionCount 1 to {@link #SESSION_COUNT_MAX}.
         * @return this builder.
         */
        public Builder sessions(final int sessionCount)
        {
            this.sessionCount = sessionCount;
            return this;
        }

        /**
         * Sets how many partitions requests are spread over.
         *
         * @param partitionCount 1 to {@link #PARTITION_COUNT_MAX}.
         * @return this builder.
         */
        public Builder partitions(final int partitionCount)
        {
            this.partitionCount = partitionCount;
            return this;
        }

        /**
         * Validates and freezes the workload.
         *
         * @return the workload.
         * @throws IllegalArgumentException naming the first thing to fix.
         */
        public Workload build()
        {
            require(!operations.isEmpty(), "a workload needs at least one operation");
            require(operations.size() <= OPERATION_COUNT_MAX, "at most " + OPERATION_COUNT_MAX + " operations");
            require(sessionCount >= 1 && sessionCount <= SESSION_COUNT_MAX, "sessions must be 1.." + SESSION_COUNT_MAX);
            require(partitionCount >= 1 && partitionCount <= PARTITION_COUNT_MAX, "partitions must be 1.." + PARTITION_COUNT_MAX);
            final Set<String> names = new HashSet<>();
            for (final OperationType operation : operations)
            {
                final String name = operation.name();
                require(name != null && NAME_PATTERN.matcher(name).matches(),
                    "operation name '" + name + "' must match " + NAME_PATTERN.pattern());
                require(OperationKind.fromSubjectName(name) == null, "operation name '" + name + "' is reserved for a kind");
                require(names.add(name), "operation name '" + name + "' is used twice");
                require(operation.ratePerSec() >= 1 && operation.ratePerSec() <= RATE_PER_SEC_MAX,
                    "operation '" + name + "' rate must be 1.." + RATE_PER_SEC_MAX + " per second");
            }
            return new Workload(new ArrayList<>(operations), sessionCount, partitionCount);
        }

        private static void require(final boolean condition, final String reason)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(reason);
            }
        }
    }
}
