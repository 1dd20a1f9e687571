package io.anthill.engine.node;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.anthill.codecs.client.CommandResponseDecoder;
import io.anthill.codecs.client.ConnectedDecoder;
import io.anthill.codecs.client.ControlResponseDecoder;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ErrorResponseDecoder;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.QueryResponseDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link ClientFrameSink} for tests: decodes every outbound frame into a {@link Reply} at once (so a test also
 * proves each frame is well formed) and keeps them in arrival order.
 */
final class FrameRecorder implements ClientFrameSink
{
    /**
     * One outbound frame, decoded. {@code value} is a response's first long, or the list of hosted partitions'
     * count for a control response.
     */
    record Reply(int templateId, long sessionId, long requestId, int partitionId, long position, long value,
        ErrorCode code, int retryAfterMs, String redirect, List<Integer> partitions, long view)
    {
    }

    final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<UnsafeBuffer> frames = new ConcurrentLinkedQueue<>();

    @Override
    public void onFrame(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        frames.add(new UnsafeBuffer(copy));
        replies.add(decode(new UnsafeBuffer(copy)));
    }

    static Reply decode(final UnsafeBuffer frame)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(frame, 0);
        final int at = MessageHeaderDecoder.ENCODED_LENGTH;
        final int templateId = header.templateId();
        switch (templateId)
        {
            case CommandResponseDecoder.TEMPLATE_ID:
                final CommandResponseDecoder response = new CommandResponseDecoder().wrapAndApplyHeader(frame, 0, header);
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[response.payloadLength()]);
                response.getPayload(payload, 0, payload.capacity());
                return new Reply(templateId, response.sessionId(), response.requestId(), response.partitionId(),
                    response.position(), payload.capacity() >= 8 ? payload.getLong(0) : 0, null, 0, null, null, response.view());
            case QueryResponseDecoder.TEMPLATE_ID:
                final QueryResponseDecoder answer = new QueryResponseDecoder().wrapAndApplyHeader(frame, 0, header);
                final UnsafeBuffer value = new UnsafeBuffer(new byte[answer.payloadLength()]);
                answer.getPayload(value, 0, value.capacity());
                return new Reply(templateId, answer.sessionId(), answer.requestId(), answer.partitionId(),
                    answer.position(), value.capacity() >= 8 ? value.getLong(0) : 0, null, 0, null, null, 0);
            case ErrorResponseDecoder.TEMPLATE_ID:
                final ErrorResponseDecoder error = new ErrorResponseDecoder().wrapAndApplyHeader(frame, 0, header);
                return new Reply(templateId, error.sessionId(), error.requestId(), error.partitionId(), 0, 0,
                    error.code(), error.retryAfterMs(), error.redirect(), null, error.view());
            case ConnectedDecoder.TEMPLATE_ID:
                final ConnectedDecoder connected = new ConnectedDecoder().wrap(frame, at, header.blockLength(),
                    header.version());
                return new Reply(templateId, connected.sessionId(), 0, -1, 0, connected.hostIndex(), null, 0, null, null, 0);
            case ControlResponseDecoder.TEMPLATE_ID:
                final ControlResponseDecoder control = new ControlResponseDecoder().wrapAndApplyHeader(frame, 0, header);
                final List<Integer> ids = new ArrayList<>();
                for (final ControlResponseDecoder.PartitionsDecoder partition : control.partitions())
                {
                    ids.add(partition.partitionId());
                }
                return new Reply(templateId, 0, control.requestId(), control.partitionId(), 0, ids.size(), null, 0, null,
                    ids, 0);
            default:
                throw new AssertionError("unexpected outbound template " + templateId);
        }
    }

    List<Reply> awaitCount(final int count)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (replies.size() < count)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("expected " + count + " replies, got " + replies.size() + ": " + replies);
            }
            Thread.yield();
        }
        return new ArrayList<>(replies);
    }

    Reply awaitLast(final int count)
    {
        return awaitCount(count).get(count - 1);
    }

    List<Reply> matching(final Predicate<Reply> predicate)
    {
        return replies.stream().filter(predicate).toList();
    }

    Reply take()
    {
        final Reply reply = awaitCount(1).get(0);
        replies.poll();
        return reply;
    }
}
