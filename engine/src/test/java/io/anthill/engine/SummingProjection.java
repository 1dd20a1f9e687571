package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A read model for tests: the latest balance per account event, folded into a digest, and the count of events.
 */
final class SummingProjection implements Projection
{
    private long events;
    private long digest;

    @Override
    public String name()
    {
        return "summing";
    }

    @Override
    public void onEvent(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        events++;
        digest = StateDigest.mix(digest, StateDigest.mix(position, buffer.getLong(offset) ^ buffer.getLong(offset + 8)));
    }

    @Override
    public int onQuery(
        final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer response,
        final int responseOffset)
    {
        response.putLong(responseOffset, events);
        return Long.BYTES;
    }

    @Override
    public long digest()
    {
        return digest;
    }

    long events()
    {
        return events;
    }
}
