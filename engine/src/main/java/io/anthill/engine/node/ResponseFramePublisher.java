package io.anthill.engine.node;

import io.anthill.codecs.client.CommandResponseEncoder;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.codecs.client.QueryResponseEncoder;
import io.anthill.engine.Partition;
import io.anthill.engine.QuerySink;
import io.anthill.engine.ResponseSink;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Encodes one hosted partition's answers as client-protocol frames for the node's {@link ClientFrameSink}: write
 * responses from the partition's egress thread, read answers from its read models' threads. Each calling thread
 * gets its own encoders (a thread-local set made on its first answer), so encoding allocates nothing after warm-up
 * and needs no lock.
 */
final class ResponseFramePublisher implements ResponseSink, QuerySink
{
    private final int partitionId;
    private final ClientFrameSink frameSink;
    private final ThreadLocal<Encoders> encoders = ThreadLocal.withInitial(Encoders::new);
    private volatile Partition partition;

    ResponseFramePublisher(final int partitionId, final ClientFrameSink frameSink)
    {
        this.partitionId = partitionId;
        this.frameSink = frameSink;
    }

    /**
     * Names the partition whose answers this publishes, so every answer carries the view its replica is in.
     */
    void attach(final Partition partition)
    {
        this.partition = partition;
    }

    private long view()
    {
        final Partition attached = partition;
        return null == attached ? 0 : attached.view();
    }

    @Override
    public void onResponse(
        final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final Encoders e = encoders.get();
        e.command.wrapAndApplyHeader(e.buffer, 0, e.header)
            .sessionId(sessionId)
            .requestId(requestId)
            .partitionId(partitionId)
            .view(view())
            .position(position)
            .putPayload(buffer, offset, length);
        frameSink.onFrame(sessionId, e.buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.command.encodedLength());
    }

    @Override
    public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
    {
        refuse(sessionId, requestId, code);
    }

    @Override
    public void onQueryResponse(
        final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final Encoders e = encoders.get();
        e.query.wrapAndApplyHeader(e.buffer, 0, e.header)
            .sessionId(sessionId)
            .requestId(requestId)
            .partitionId(partitionId)
            .position(position)
            .putPayload(buffer, offset, length);
        frameSink.onFrame(sessionId, e.buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.query.encodedLength());
    }

    @Override
    public void onQueryRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
    {
        refuse(sessionId, requestId, code);
    }

    private void refuse(final long sessionId, final long requestId, final ErrorCode code)
    {
        final ErrorFrameEncoder errors = encoders.get().errors;
        final int length = errors.encode(sessionId, requestId, partitionId, code, 0, view(), null, RefusalDetail.NONE);
        frameSink.onFrame(sessionId, errors.buffer(), 0, length);
    }

    /**
     * One thread's encoders.
     */
    private static final class Encoders
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final CommandResponseEncoder command = new CommandResponseEncoder();
        final QueryResponseEncoder query = new QueryResponseEncoder();
        final ErrorFrameEncoder errors = new ErrorFrameEncoder();
    }
}
