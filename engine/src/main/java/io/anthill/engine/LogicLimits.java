package io.anthill.engine;

/**
 * The limits the deterministic core needs, taken from a concluded {@link PartitionContext} or the defaults.
 */
final class LogicLimits
{
    final int dedupSessionCapacity;
    final int dedupResponsesPerSession;
    final int alarmCapacity;
    final int responseLengthMax;
    final int eventsLengthMax;

    LogicLimits(
        final int dedupSessionCapacity, final int dedupResponsesPerSession, final int alarmCapacity,
        final int responseLengthMax, final int eventsLengthMax)
    {
        this.dedupSessionCapacity = dedupSessionCapacity;
        this.dedupResponsesPerSession = dedupResponsesPerSession;
        this.alarmCapacity = alarmCapacity;
        this.responseLengthMax = responseLengthMax;
        this.eventsLengthMax = eventsLengthMax;
    }

    static LogicLimits of(final PartitionContext context)
    {
        return new LogicLimits(context.dedupSessionCapacity(), context.dedupResponsesPerSession(),
            context.alarmCapacity(), context.responseLengthMax(), context.eventsLengthMax());
    }

    static LogicLimits defaults()
    {
        return new LogicLimits(PartitionConfiguration.dedupSessionCapacity(),
            PartitionConfiguration.dedupResponsesPerSession(), PartitionConfiguration.alarmCapacity(),
            PartitionConfiguration.responseLengthMax(), PartitionConfiguration.eventsLengthMax());
    }
}
