package io.anthill.engine;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;

/**
 * A {@link ResponseSink} for tests: keeps every answer, in the order egress gave them, for the test thread to read.
 */
final class RecordingSink implements ResponseSink
{
    /**
     * One answer: a response's first long (or 0), or a rejection code.
     */
    record Answer(long sessionId, long requestId, long position, long value, ErrorCode rejection)
    {
    }

    final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

    @Override
    public void onResponse(
        final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        answers.add(new Answer(sessionId, requestId, position, length >= 8 ? buffer.getLong(offset) : 0, null));
    }

    @Override
    public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
    {
        answers.add(new Answer(sessionId, requestId, position, 0, code));
    }

    void awaitCount(final int count)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answers.size() < count)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("expected " + count + " answers, got " + answers.size());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
