package io.anthill.engine;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;

/**
 * Egress for a partition's client responses, called on the partition's egress thread in op order, never during
 * replay and never on a follower. An implementation encodes and sends; it must not block for long, because the
 * ring waits for it.
 */
public interface ResponseSink
{
    /**
     * The one response to an applied command, or the remembered response to a retried one.
     *
     * @param sessionId the client session.
     * @param requestId the request within the session.
     * @param position  the op at which the command was applied.
     * @param buffer    holds the response, valid only during the call.
     * @param offset    where it starts.
     * @param length    its length.
     */
    void onResponse(long sessionId, long requestId, long position, DirectBuffer buffer, int offset, int length);

    /**
     * A typed refusal: nothing was applied by this request (for example {@link ErrorCode#REQUEST_TOO_OLD}), or the
     * state machine failed on it ({@link ErrorCode#INTERNAL_ERROR}).
     *
     * @param sessionId the client session.
     * @param requestId the request within the session.
     * @param position  the op of the journaled request.
     * @param code      why.
     */
    void onRejected(long sessionId, long requestId, long position, ErrorCode code);

    /**
     * A sink that drops everything, for partitions whose clients do not wait for answers.
     */
    ResponseSink DISCARD = new ResponseSink()
    {
        @Override
        public void onResponse(
            final long sessionId, final long requestId, final long position,
            final DirectBuffer buffer, final int offset, final int length)
        {
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
        }
    };
}
