package io.anthill.example.trading;

/**
 * Every limit of the example exchange, named in one place. Exceeding one is a typed rejection, never an unbounded
 * structure: each is either checked on entry (and answered with a {@code ResultCode}) or pre-allocated at start-up.
 * <p>
 * The numeric limits are chosen so that no arithmetic can overflow a {@code long}: a notional is at most
 * {@code PRICE_TICKS_MAX * QUANTITY_LOTS_MAX = 10^18}, and no balance can exceed {@link #ASSET_SUPPLY_MAX}
 * because the total of every asset in a partition is capped there.
 */
public final class TradingLimits
{
    /**
     * Most partitions a deployment may split the instruments over.
     */
    public static final int PARTITIONS_MAX = 64;

    /**
     * Most instruments in the whole exchange; instrument ids run from 1 to the configured count.
     */
    public static final int INSTRUMENTS_MAX = 64;

    /**
     * The price band: a limit price must lie in [1, PRICE_TICKS_MAX].
     */
    public static final long PRICE_TICKS_MAX = 1_000_000_000L;

    /**
     * Largest quantity of one order.
     */
    public static final long QUANTITY_LOTS_MAX = 1_000_000_000L;

    /**
     * Most of any one asset (cash included) that may exist in a partition, summed over all accounts.
     */
    public static final long ASSET_SUPPLY_MAX = 1_000_000_000_000_000_000L;

    /**
     * Furthest in the future a GTD order may expire, from the command's timestamp: 366 days.
     */
    public static final long GTD_HORIZON_MAX_NS = 366L * 24 * 3600 * 1_000_000_000L;

    /**
     * Most resting orders one taker may meet (fill or, by self-trade prevention, cancel). Bounds the events one
     * command emits, so that it stays within the engine's events limit: see
     * {@link ExchangeStateMachine#EVENTS_LENGTH_PER_COMMAND_MAX}. A taker that reaches it while it still crosses has
     * its remainder closed with {@code MATCH_LIMIT_REACHED}.
     */
    public static final int MATCHES_PER_ORDER_MAX = 32;

    /**
     * Default for {@link ExchangeContext#gtdOrdersMax(int)}: resting GTD orders per partition, one durable alarm each.
     * Equal to the engine's default alarm capacity.
     */
    public static final int GTD_ORDERS_MAX_DEFAULT = 4096;

    /**
     * Default for {@link ExchangeContext#accountsMax(int)}: sub-accounts per partition.
     */
    public static final int ACCOUNTS_MAX_DEFAULT = 100_000;

    /**
     * Default for {@link ExchangeContext#ordersMax(int)}: live (resting or in-flight) orders per partition, all
     * pre-allocated.
     */
    public static final int ORDERS_MAX_DEFAULT = 1 << 16;

    /**
     * Default for {@link ExchangeContext#priceLevelsMax(int)}: distinct prices per side of one book.
     */
    public static final int PRICE_LEVELS_MAX_DEFAULT = 1024;

    /**
     * Most levels per side a depth query returns.
     */
    public static final int DEPTH_LEVELS_MAX = 50;

    /**
     * Most trades the recent-trades tape keeps per partition.
     */
    public static final int TRADE_TAPE_CAPACITY = 1024;

    /**
     * Most orders an open-orders report lists.
     */
    public static final int OPEN_ORDERS_REPORT_MAX = 1000;

    /**
     * The asset id of cash. Every other asset id is the id of the instrument it is traded on.
     */
    public static final int CASH_ASSET_ID = 0;

    private TradingLimits()
    {
    }
}
