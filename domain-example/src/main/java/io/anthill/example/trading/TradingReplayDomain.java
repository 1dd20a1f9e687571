package io.anthill.example.trading;

import io.anthill.engine.Projection;
import io.anthill.engine.ReplayDomain;
import io.anthill.engine.StateMachine;
import java.util.List;

/**
 * Makes the exchange replayable by name ({@value #NAME}) for the offline replay tool, which finds it through
 * {@link java.util.ServiceLoader}: the tool then rebuilds the four read models with the very classes a live
 * partition runs. The deployment's shape is not in the journal, so it comes from system properties
 * ({@value #PARTITION_COUNT_PROP}, {@value #INSTRUMENT_COUNT_PROP}) defaulting to {@link TradingService}'s.
 */
public final class TradingReplayDomain implements ReplayDomain
{
    /**
     * The domain's name for {@code scripts/replay --domain}.
     */
    public static final String NAME = "trading";

    /**
     * System property: partitions of the deployment whose journals are replayed.
     */
    public static final String PARTITION_COUNT_PROP = "anthill.example.partitionCount";

    /**
     * System property: instruments of the deployment whose journals are replayed.
     */
    public static final String INSTRUMENT_COUNT_PROP = "anthill.example.instrumentCount";

    private final int partitionCount;
    private final int instrumentCount;

    /**
     * The deployment named by the system properties, by default {@link TradingService}'s.
     */
    public TradingReplayDomain()
    {
        this(Integer.getInteger(PARTITION_COUNT_PROP, TradingService.PARTITION_COUNT),
            Integer.getInteger(INSTRUMENT_COUNT_PROP, TradingService.INSTRUMENT_COUNT));
    }

    /**
     * @param partitionCount  partitions of the deployment.
     * @param instrumentCount instruments of the deployment.
     */
    public TradingReplayDomain(final int partitionCount, final int instrumentCount)
    {
        this.partitionCount = partitionCount;
        this.instrumentCount = instrumentCount;
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public StateMachine newStateMachine(final int partitionId)
    {
        return new ExchangeStateMachine(context(partitionId));
    }

    @Override
    public List<Projection> newProjections(final int partitionId)
    {
        final ExchangeContext context = context(partitionId);
        return List.of(new BalancesProjection(context), new OpenOrdersProjection(context), new BookDepthProjection(context),
            new TradeTapeProjection());
    }

    private ExchangeContext context(final int partitionId)
    {
        return new ExchangeContext().partitionId(partitionId).partitionCount(partitionCount).instrumentCount(instrumentCount)
            .conclude();
    }
}
