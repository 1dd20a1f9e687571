package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A read model for tests: the latest balance per account event, folded into a digest, and the count of events; it
 * snapshots both.
 */
final class SummingProjection implements Projection
{
    private final String name;
    private long events;
    private long digest;

    SummingProjection()
    {
        this("summing");
    }

    SummingProjection(final String name)
    {
        this.name = name;
    }

    @Override
    public String name()
    {
        return name;
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

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, events);
        buffer.putLong(offset + Long.BYTES, digest);
        return 2 * Long.BYTES;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        events = buffer.getLong(offset);
        digest = buffer.getLong(offset + Long.BYTES);
    }

    long events()
    {
        return events;
    }
}
