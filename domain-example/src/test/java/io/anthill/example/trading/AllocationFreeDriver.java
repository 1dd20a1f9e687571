package io.anthill.example.trading;

import io.anthill.engine.Alarms;
import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import io.anthill.engine.Projection;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Applies commands to a state machine and feeds its events straight to read models, allocating nothing itself, so
 * that a test can attribute every allocated byte to the exchange. The engine's harness copies each outcome out and
 * so cannot be used for that. Its alarms only record schedules and cancels (they never fire); they are sized once.
 */
final class AllocationFreeDriver implements Command, CommandContext, Alarms
{
    private static final long NOT_SCHEDULED = Long.MIN_VALUE;

    private final ExchangeStateMachine stateMachine;
    private final Projection[] projections;
    private final Long2LongHashMap deadlineByAlarmId;
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[256]);
    private DirectBuffer payload;
    private int payloadOffset;
    private int payloadLength;
    private long requestId;
    private long timestampNs;
    private long position;
    private int responseLength;
    private long eventCount;

    AllocationFreeDriver(final ExchangeStateMachine stateMachine, final int alarmCapacity, final Projection... projections)
    {
        this.stateMachine = stateMachine;
        this.projections = projections;
        deadlineByAlarmId = new Long2LongHashMap(4 * alarmCapacity, 0.5f, NOT_SCHEDULED);
    }

    /**
     * Applies one command.
     *
     * @return the response, valid until the next call; its length is {@link #responseLength()}.
     */
    UnsafeBuffer apply(final long timestampNs, final DirectBuffer payload, final int offset, final int length)
    {
        this.timestampNs = timestampNs;
        this.payload = payload;
        this.payloadOffset = offset;
        this.payloadLength = length;
        requestId++;
        position++;
        responseLength = -1;
        stateMachine.onCommand(this, this);
        return response;
    }

    int responseLength()
    {
        return responseLength;
    }

    long eventCount()
    {
        return eventCount;
    }

    @Override
    public long sessionId()
    {
        return 1;
    }

    @Override
    public long requestId()
    {
        return requestId;
    }

    @Override
    public long timestampNs()
    {
        return timestampNs;
    }

    @Override
    public long position()
    {
        return position;
    }

    @Override
    public DirectBuffer payload()
    {
        return payload;
    }

    @Override
    public int payloadOffset()
    {
        return payloadOffset;
    }

    @Override
    public int payloadLength()
    {
        return payloadLength;
    }

    @Override
    public boolean isReplaying()
    {
        return false;
    }

    @Override
    public void emitEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        eventCount++;
        for (final Projection projection : projections)
        {
            projection.onEvent(position, buffer, offset, length);
        }
    }

    @Override
    public void respond(final DirectBuffer buffer, final int offset, final int length)
    {
        if (responseLength >= 0)
        {
            throw new IllegalStateException("second response");
        }
        response.putBytes(0, buffer, offset, length);
        responseLength = length;
    }

    @Override
    public Alarms alarms()
    {
        return this;
    }

    @Override
    public void schedule(
        final long alarmId, final long deadlineNs, final DirectBuffer metadata, final int metadataOffset, final int metadataLength)
    {
        deadlineByAlarmId.put(alarmId, deadlineNs);
    }

    @Override
    public boolean reschedule(final long alarmId, final long deadlineNs)
    {
        return deadlineByAlarmId.containsKey(alarmId) && deadlineByAlarmId.put(alarmId, deadlineNs) != NOT_SCHEDULED;
    }

    @Override
    public boolean cancel(final long alarmId)
    {
        return deadlineByAlarmId.remove(alarmId) != NOT_SCHEDULED;
    }

    @Override
    public boolean isScheduled(final long alarmId)
    {
        return deadlineByAlarmId.containsKey(alarmId);
    }

    @Override
    public int forEach(final AlarmVisitor visitor)
    {
        throw new UnsupportedOperationException("this driver never fires alarms");
    }

    @Override
    public int size()
    {
        return deadlineByAlarmId.size();
    }
}
