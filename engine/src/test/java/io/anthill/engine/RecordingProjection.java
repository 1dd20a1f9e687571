package io.anthill.engine;

import java.util.concurrent.ConcurrentLinkedQueue;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A read model for tests that keeps the first long of every event, for the test thread to read.
 */
final class RecordingProjection implements Projection
{
    final ConcurrentLinkedQueue<Long> firstLongs = new ConcurrentLinkedQueue<>();

    @Override
    public String name()
    {
        return "recording";
    }

    @Override
    public void onEvent(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        firstLongs.add(buffer.getLong(offset));
    }

    @Override
    public int onQuery(
        final DirectBuffer query, final int offset, final int length, final MutableDirectBuffer response,
        final int responseOffset)
    {
        return -1;
    }

    @Override
    public long digest()
    {
        return firstLongs.size();
    }
}
