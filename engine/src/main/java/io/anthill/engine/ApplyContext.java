package io.anthill.engine;

import org.agrona.DirectBuffer;

/**
 * The {@link CommandContext} of one apply: enforces the response and events limits and the one-response rule, and
 * writes into the entry's {@link ApplyOutput}. Reused for every entry.
 */
final class ApplyContext implements CommandContext
{
    private final Alarms alarms;
    private final int responseLengthMax;
    private final int eventsLengthMax;
    private ApplyOutput output;
    private long timestampNs;
    private long position;
    private boolean replaying;
    private boolean responseExpected;
    private boolean responded;
    private int eventsBase;

    ApplyContext(final Alarms alarms, final int responseLengthMax, final int eventsLengthMax)
    {
        this.alarms = alarms;
        this.responseLengthMax = responseLengthMax;
        this.eventsLengthMax = eventsLengthMax;
    }

    void bind(
        final ApplyOutput output, final long timestampNs, final long position, final boolean replaying,
        final boolean responseExpected)
    {
        if (this.output != output)
        {
            this.output = output; // the offline replay binds the same output every time: no reference store barrier
        }
        this.timestampNs = timestampNs;
        this.position = position;
        this.replaying = replaying;
        this.responseExpected = responseExpected;
        this.responded = false;
        this.eventsBase = output.eventsLength();
    }

    boolean responded()
    {
        return responded;
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
    public boolean isReplaying()
    {
        return replaying;
    }

    @Override
    public void emitEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        // the budget is per command and per fired alarm: the alarms of one tick do not share it
        final int total = output.eventsLength() - eventsBase + ApplyOutput.EVENT_HEADER_LENGTH + length;
        if (total > eventsLengthMax)
        {
            throw new LimitExceededException(LimitExceededException.Limit.EVENTS_LENGTH, total, eventsLengthMax);
        }
        output.appendEvent(buffer, offset, length);
    }

    @Override
    public void respond(final DirectBuffer buffer, final int offset, final int length)
    {
        if (responded)
        {
            throw new IllegalStateException("a second response for op " + position);
        }
        if (length > responseLengthMax)
        {
            throw new LimitExceededException(LimitExceededException.Limit.RESPONSE_LENGTH, length, responseLengthMax);
        }
        responded = true;
        if (responseExpected)
        {
            output.respond(buffer, offset, length, position);
        }
    }

    @Override
    public Alarms alarms()
    {
        return alarms;
    }
}
