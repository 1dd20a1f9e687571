package io.anthill.engine;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;

/**
 * Where the answer to a read goes. Reads are served on the thread of the read model that answers them (never on the
 * business-logic thread), possibly after waiting for the read model to reach the position the read's consistency
 * asks for, so the answer comes back through this callback rather than as a return value. An implementation is
 * called from each read model's thread of a partition, so it must be safe to call from several threads at once;
 * it must not block for long, because the read model's events wait behind it.
 */
public interface QuerySink
{
    /**
     * The read model's answer.
     *
     * @param sessionId the client session.
     * @param requestId the request within the session.
     * @param position  the op the read model had applied when it answered: every write at or before it is visible.
     * @param buffer    holds the answer, valid only during the call.
     * @param offset    where it starts.
     * @param length    its length.
     */
    void onQueryResponse(long sessionId, long requestId, long position, DirectBuffer buffer, int offset, int length);

    /**
     * A typed refusal of an accepted read: {@link ErrorCode#POSITION_NOT_REACHED} when an AT_LEAST read waited its
     * limit, {@link ErrorCode#TIMEOUT} for a LINEARIZABLE one, {@link ErrorCode#UNKNOWN_QUERY} when the read model
     * does not answer such a query, {@link ErrorCode#INTERNAL_ERROR} when it threw, {@link ErrorCode#UNKNOWN_PARTITION}
     * when the partition closed first.
     *
     * @param sessionId the client session.
     * @param requestId the request within the session.
     * @param position  the op the read model had applied.
     * @param code      why.
     */
    void onQueryRejected(long sessionId, long requestId, long position, ErrorCode code);
}
