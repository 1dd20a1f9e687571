package io.anthill.engine;

/**
 * A state machine went past one of the engine's named limits (response, events, alarm capacity or alarm
 * metadata). It is thrown into the state machine's call, so the engine's state-machine error policy applies: the
 * command is answered with INTERNAL_ERROR, its events are dropped, and the error is counted.
 */
public final class LimitExceededException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Which limit was exceeded.
     */
    public enum Limit
    {
        /** {@link PartitionContext#responseLengthMax()}. */
        RESPONSE_LENGTH,
        /** {@link PartitionContext#eventsLengthMax()}. */
        EVENTS_LENGTH,
        /** {@link PartitionContext#alarmCapacity()}. */
        ALARM_CAPACITY,
        /** {@link Alarms#METADATA_LENGTH_MAX}. */
        ALARM_METADATA_LENGTH
    }

    private final Limit limit;

    LimitExceededException(final Limit limit, final long value, final long maximum)
    {
        super(limit + " limit exceeded: " + value + " > " + maximum);
        this.limit = limit;
    }

    /**
     * @return which limit was exceeded.
     */
    public Limit limit()
    {
        return limit;
    }
}
