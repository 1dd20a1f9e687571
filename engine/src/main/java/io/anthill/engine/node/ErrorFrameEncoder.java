package io.anthill.engine.node;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ErrorResponseEncoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Encodes ErrorResponse frames into a buffer it owns. One per thread that refuses requests; allocates nothing per
 * frame (details and redirects come pre-encoded).
 */
final class ErrorFrameEncoder
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ErrorResponseEncoder error = new ErrorResponseEncoder();

    int encode(
        final long sessionId, final long requestId, final int partitionId, final ErrorCode code, final int retryAfterMs,
        final long view, final DirectBuffer redirect, final RefusalDetail detail)
    {
        error.wrapAndApplyHeader(buffer, 0, header)
            .sessionId(sessionId)
            .requestId(requestId)
            .partitionId(partitionId)
            .code(code)
            .retryAfterMs(retryAfterMs)
            .view(view);
        if (null == redirect)
        {
            error.putRedirect(buffer, 0, 0);
        }
        else
        {
            error.putRedirect(redirect, 0, redirect.capacity());
        }
        error.putDetail(detail.encoded(), 0, detail.length());
        return MessageHeaderEncoder.ENCODED_LENGTH + error.encodedLength();
    }

    DirectBuffer buffer()
    {
        return buffer;
    }
}
