package io.anthill.example.trading;

/**
 * Settings of one partition of the exchange, Aeron-style: fluent setters, then {@link #conclude()} validates them
 * and fills defaults. Every replica of a partition, and every replay of its journal, must use the same settings.
 */
public final class ExchangeContext
{
    private int partitionId = -1;
    private int partitionCount = 1;
    private int instrumentCount;
    private int accountsMax = TradingLimits.ACCOUNTS_MAX_DEFAULT;
    private int ordersMax = TradingLimits.ORDERS_MAX_DEFAULT;
    private int priceLevelsMax = TradingLimits.PRICE_LEVELS_MAX_DEFAULT;
    private int gtdOrdersMax = TradingLimits.GTD_ORDERS_MAX_DEFAULT;
    private boolean concluded;

    /**
     * Checks the settings; call once before handing the context to {@link ExchangeStateMachine}.
     *
     * @return this.
     * @throws IllegalStateException naming the setting to fix.
     */
    public ExchangeContext conclude()
    {
        require(partitionCount >= 1 && partitionCount <= TradingLimits.PARTITIONS_MAX,
            "partitionCount must be in [1, " + TradingLimits.PARTITIONS_MAX + "]: " + partitionCount);
        require(partitionId >= 0 && partitionId < partitionCount,
            "partitionId must be in [0, partitionCount): " + partitionId);
        require(instrumentCount >= 1 && instrumentCount <= TradingLimits.INSTRUMENTS_MAX,
            "instrumentCount must be in [1, " + TradingLimits.INSTRUMENTS_MAX + "]: " + instrumentCount);
        require(accountsMax >= 1, "accountsMax must be positive: " + accountsMax);
        require(ordersMax >= 1 && ordersMax <= (1 << 24), "ordersMax must be in [1, 2^24]: " + ordersMax);
        require(priceLevelsMax >= 1 && priceLevelsMax <= (1 << 16), "priceLevelsMax must be in [1, 2^16]: " + priceLevelsMax);
        require(gtdOrdersMax >= 0 && gtdOrdersMax <= ordersMax, "gtdOrdersMax must be in [0, ordersMax]: " + gtdOrdersMax);
        concluded = true;
        return this;
    }

    /**
     * @param partitionId which partition this state machine runs, in [0, partitionCount).
     * @return this.
     */
    public ExchangeContext partitionId(final int partitionId)
    {
        this.partitionId = partitionId;
        return this;
    }

    /**
     * @return which partition this state machine runs.
     */
    public int partitionId()
    {
        return partitionId;
    }

    /**
     * @param partitionCount how many partitions share the instruments; fixes {@link InstrumentPartitioner}'s mapping.
     * @return this.
     */
    public ExchangeContext partitionCount(final int partitionCount)
    {
        this.partitionCount = partitionCount;
        return this;
    }

    /**
     * @return how many partitions share the instruments.
     */
    public int partitionCount()
    {
        return partitionCount;
    }

    /**
     * @param instrumentCount instruments of the whole exchange, ids 1..instrumentCount; this partition owns those
     *                        that {@link InstrumentPartitioner} maps to it.
     * @return this.
     */
    public ExchangeContext instrumentCount(final int instrumentCount)
    {
        this.instrumentCount = instrumentCount;
        return this;
    }

    /**
     * @return instruments of the whole exchange.
     */
    public int instrumentCount()
    {
        return instrumentCount;
    }

    /**
     * @param accountsMax most sub-accounts in this partition; beyond it OpenAccount is rejected.
     * @return this.
     */
    public ExchangeContext accountsMax(final int accountsMax)
    {
        this.accountsMax = accountsMax;
        return this;
    }

    /**
     * @return most sub-accounts in this partition.
     */
    public int accountsMax()
    {
        return accountsMax;
    }

    /**
     * @param ordersMax most live orders in this partition; all are allocated at start-up.
     * @return this.
     */
    public ExchangeContext ordersMax(final int ordersMax)
    {
        this.ordersMax = ordersMax;
        return this;
    }

    /**
     * @return most live orders in this partition.
     */
    public int ordersMax()
    {
        return ordersMax;
    }

    /**
     * @param priceLevelsMax most distinct prices on one side of one book; all are allocated at start-up.
     * @return this.
     */
    public ExchangeContext priceLevelsMax(final int priceLevelsMax)
    {
        this.priceLevelsMax = priceLevelsMax;
        return this;
    }

    /**
     * @return most distinct prices on one side of one book.
     */
    public int priceLevelsMax()
    {
        return priceLevelsMax;
    }

    /**
     * @param gtdOrdersMax most resting GTD orders in this partition; at most the partition's alarm capacity
     *                     ({@code PartitionContext#alarmCapacity}), as each holds one durable alarm. Beyond it a GTD
     *                     order is rejected with {@code TOO_MANY_GTD_ORDERS}.
     * @return this.
     */
    public ExchangeContext gtdOrdersMax(final int gtdOrdersMax)
    {
        this.gtdOrdersMax = gtdOrdersMax;
        return this;
    }

    /**
     * @return most resting GTD orders in this partition.
     */
    public int gtdOrdersMax()
    {
        return gtdOrdersMax;
    }

    boolean isConcluded()
    {
        return concluded;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException("ExchangeContext: " + message);
        }
    }
}
