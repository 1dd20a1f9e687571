package io.anthill.replication.client;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.anthill.codecs.client.CommandResponseDecoder;
import io.anthill.codecs.client.ConnectedDecoder;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ErrorResponseDecoder;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.QueryResponseDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes the frames the nodes send to the client's response endpoint into calls on the client, with the project's
 * one decode idiom: wrap the header, check the schema, switch on the template, wrap the body with the header's block
 * length and version. Flyweights and views are reused; a frame of another schema or an unknown template is counted
 * and skipped (a newer node may send more than this client knows).
 */
final class ClientResponseAdapter implements FragmentHandler
{
    /**
     * What the decoded frames become.
     */
    interface Handler
    {
        void onCommandResponse(long sessionId, long requestId, int partitionId, long position, DirectBuffer payload);

        void onQueryResponse(long sessionId, long requestId, int partitionId, long position, DirectBuffer payload);

        void onError(long sessionId, long requestId, ErrorCode code, int retryAfterMs, DirectBuffer redirect);

        void onConnected(long sessionId, int hostIndex);
    }

    private final Handler handler;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandResponseDecoder command = new CommandResponseDecoder();
    private final QueryResponseDecoder query = new QueryResponseDecoder();
    private final ErrorResponseDecoder error = new ErrorResponseDecoder();
    private final ConnectedDecoder connected = new ConnectedDecoder();
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private long framesSkipped;

    ClientResponseAdapter(final Handler handler)
    {
        this.handler = handler;
    }

    @Override
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header frameHeader)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            framesSkipped++;
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            framesSkipped++;
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case CommandResponseDecoder.TEMPLATE_ID:
                command.wrap(buffer, bodyOffset, blockLength, version);
                command.wrapPayload(view);
                handler.onCommandResponse(command.sessionId(), command.requestId(), command.partitionId(),
                    command.position(), view);
                break;
            case QueryResponseDecoder.TEMPLATE_ID:
                query.wrap(buffer, bodyOffset, blockLength, version);
                query.wrapPayload(view);
                handler.onQueryResponse(query.sessionId(), query.requestId(), query.partitionId(), query.position(),
                    view);
                break;
            case ErrorResponseDecoder.TEMPLATE_ID:
                onError(buffer, bodyOffset, blockLength, version);
                break;
            case ConnectedDecoder.TEMPLATE_ID:
                connected.wrap(buffer, bodyOffset, blockLength, version);
                handler.onConnected(connected.sessionId(), connected.hostIndex());
                break;
            default:
                framesSkipped++;
                break;
        }
    }

    private void onError(final DirectBuffer buffer, final int bodyOffset, final int blockLength, final int version)
    {
        error.wrap(buffer, bodyOffset, blockLength, version);
        final int codeRaw = error.codeRaw();
        if (codeRaw < ErrorCode.MALFORMED_FRAME.value() || codeRaw > ErrorCode.PAYLOAD_TOO_LARGE.value())
        {
            framesSkipped++;
            return;
        }
        final ErrorCode code = ErrorCode.get(codeRaw);
        final long sessionId = error.sessionId();
        final long requestId = error.requestId();
        final int retryAfterMs = error.retryAfterMs();
        error.wrapRedirect(view);
        handler.onError(sessionId, requestId, code, retryAfterMs, view);
    }

    long framesSkipped()
    {
        return framesSkipped;
    }
}
