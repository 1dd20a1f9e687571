package io.anthill.engine;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * One read in flight, pre-allocated in a {@link QueryQueue}'s pool and reused: filled by the caller's thread, handed
 * to the read model's thread through the queue, given back to the pool once answered.
 */
final class QuerySlot
{
    private static final int INITIAL_PAYLOAD_CAPACITY = 64;

    final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(INITIAL_PAYLOAD_CAPACITY);
    QuerySink sink;
    long sessionId;
    long requestId;
    long targetOp;
    long deadlineNs;
    ErrorCode lateCode;
    int payloadLength;
    boolean digest;

    void fill(
        final QuerySink sink, final long sessionId, final long requestId, final long targetOp, final long deadlineNs,
        final ErrorCode lateCode, final boolean digest, final DirectBuffer buffer, final int offset, final int length)
    {
        this.digest = digest;
        this.sink = sink;
        this.sessionId = sessionId;
        this.requestId = requestId;
        this.targetOp = targetOp;
        this.deadlineNs = deadlineNs;
        this.lateCode = lateCode;
        payload.putBytes(0, buffer, offset, length);
        this.payloadLength = length;
    }

    void clear()
    {
        sink = null;
    }
}
