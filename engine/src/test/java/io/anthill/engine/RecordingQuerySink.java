package io.anthill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;

/**
 * A {@link QuerySink} for tests: keeps every answer (its first long) or refusal, for the test thread to read.
 */
final class RecordingQuerySink implements QuerySink
{
    /**
     * One answer: the first long of the read model's answer, or a refusal code.
     */
    record Answer(long sessionId, long requestId, long position, long value, ErrorCode rejection)
    {
    }

    final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    @Override
    public void onQueryResponse(
        final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        answers.add(new Answer(sessionId, requestId, position, length >= 8 ? buffer.getLong(offset) : 0, null));
    }

    @Override
    public void onQueryRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
    {
        answers.add(new Answer(sessionId, requestId, position, 0, code));
    }

    List<Answer> awaitCount(final int count)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answers.size() < count)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("expected " + count + " answers, got " + answers.size());
            }
            Thread.yield();
        }
        return new ArrayList<>(answers);
    }

    Answer awaitOne()
    {
        return awaitCount(1).get(0);
    }
}
