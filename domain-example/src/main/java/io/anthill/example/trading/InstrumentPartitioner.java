package io.anthill.example.trading;

/**
 * Maps an instrument to the partition that owns it. Every command about an instrument (orders, cancels, deposits
 * and withdrawals of its asset) goes to that partition, so every trade is decided inside one partition. See
 * {@code docs/trading-example.md} for why.
 * <p>
 * The mapping is part of the wire contract: clients, every replica and every replay must agree on it forever, so it
 * is a fixed function (the SplitMix64 finaliser of the id, reduced modulo the partition count) pinned by test
 * vectors. Changing it or the partition count means moving books, which is a migration, not a configuration change.
 */
public final class InstrumentPartitioner
{
    private InstrumentPartitioner()
    {
    }

    /**
     * @param instrumentId   the instrument, positive.
     * @param partitionCount how many partitions the deployment has, in [1, {@link TradingLimits#PARTITIONS_MAX}].
     * @return the partition that owns the instrument, in [0, partitionCount).
     */
    public static int partitionOf(final int instrumentId, final int partitionCount)
    {
        if (instrumentId <= 0 || partitionCount <= 0 || partitionCount > TradingLimits.PARTITIONS_MAX)
        {
            throw new IllegalArgumentException(
                "instrumentId must be positive and partitionCount in [1, " + TradingLimits.PARTITIONS_MAX + "]: " +
                instrumentId + ", " + partitionCount);
        }

        return (int)Long.remainderUnsigned(mix(instrumentId), partitionCount);
    }

    /**
     * SplitMix64's finaliser: spreads neighbouring ids over the partitions; published constants, so the mapping can
     * be re-implemented in any client language.
     */
    static long mix(final long value)
    {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
