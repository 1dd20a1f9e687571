package io.anthill.perf.edges;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

import io.anthill.codecs.client.CommandRequestEncoder;
import io.anthill.codecs.client.CommandResponseDecoder;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ErrorResponseDecoder;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.codecs.client.QueryRequestEncoder;
import io.anthill.codecs.client.QueryResponseDecoder;
import io.anthill.engine.node.ClientFrameSink;
import io.anthill.engine.node.ClientIngressAdapter;
import io.anthill.perf.harness.CompletionHandler;
import io.anthill.perf.harness.LoadTarget;
import io.anthill.perf.harness.OperationType;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Drives a node in-process through its real client-protocol edges: the generator's thread encodes each request as
 * an SBE frame and hands it to a {@link ClientIngressAdapter} (acting as the node's I/O thread); responses leave
 * the node as frames through {@link ClientFrameSink} on the partition's egress and read-model threads, which stamp
 * the arrival time and pass (request id, outcome, time) back through an Agrona many-to-one ring buffer the
 * generator polls. Nothing allocates per request.
 */
final class NodeFrameTarget implements LoadTarget, ClientFrameSink
{
    static final int WRITE = 0;
    static final int READ_ANY = 1;
    static final int READ_LINEARIZABLE = 2;
    private static final int ACCOUNTS = 1_000;
    private static final int RESPONSE_RING_BYTES = 1 << 22;
    private static final int RECORD_LENGTH = 20;
    private static final int SUCCESS = 1;
    private static final int FAILURE = 2;

    private final MessageHandler recordHandler = this::onRecord;
    private final AtomicLong lostResponses = new AtomicLong();
    private ClientIngressAdapter ingress;
    private final int partitionId;
    private final int[] operationRoles;
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(256);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[BenchLedger.PAYLOAD_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final CommandRequestEncoder command = new CommandRequestEncoder();
    private final QueryRequestEncoder query = new QueryRequestEncoder();
    private final RingBuffer responses = new ManyToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(RESPONSE_RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    private CompletionHandler handler;

    NodeFrameTarget(final int partitionId, final int[] operationRoles)
    {
        this.partitionId = partitionId;
        this.operationRoles = operationRoles;
    }

    /**
     * The node is built with this target as its frame sink, and only then makes the ingress: so it is bound late,
     * before the run, by the thread that then runs the generator.
     */
    void bind(final ClientIngressAdapter ingress)
    {
        this.ingress = ingress;
    }

    @Override
    public boolean send(
        final OperationType type, final long correlationId, final int sessionIndex, final int partitionIndex,
        final long intendedTimeNs)
    {
        final long sessionId = sessionIndex + 1;
        payload.putLong(0, correlationId % ACCOUNTS);
        payload.putLong(8, 1);
        final int length;
        switch (operationRoles[type.index()])
        {
            case WRITE:
                command.wrapAndApplyHeader(frame, 0, header).sessionId(sessionId).requestId(correlationId)
                    .partitionId(partitionId).putPayload(payload, 0, BenchLedger.PAYLOAD_LENGTH);
                length = MessageHeaderEncoder.ENCODED_LENGTH + command.encodedLength();
                break;
            case READ_LINEARIZABLE:
            case READ_ANY:
                query.wrapAndApplyHeader(frame, 0, header).sessionId(sessionId).requestId(correlationId)
                    .partitionId(partitionId)
                    .consistency(operationRoles[type.index()] == READ_ANY ? Consistency.ANY : Consistency.LINEARIZABLE)
                    .minPosition(0).readModel(0).putPayload(payload, 0, Long.BYTES);
                length = MessageHeaderEncoder.ENCODED_LENGTH + query.encodedLength();
                break;
            default:
                throw new IllegalStateException("unknown role of " + type);
        }
        ingress.onFrame(frame, 0, length);
        return true;
    }

    @Override
    public int poll(final CompletionHandler handler, final int responseCountMax)
    {
        this.handler = handler;
        return responses.read(recordHandler, responseCountMax);
    }

    private void onRecord(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long correlationId = buffer.getLong(index);
        final long timeNs = buffer.getLong(index + 8);
        if (msgTypeId == SUCCESS)
        {
            handler.onSuccess(correlationId, timeNs);
        }
        else
        {
            handler.onError(correlationId, ErrorCode.get(buffer.getInt(index + 16)), timeNs);
        }
    }

    @Override
    public void onFrame(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long nowNs = System.nanoTime();
        final int templateId = buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int type;
        final long requestId;
        int code = 0;
        switch (templateId)
        {
            case CommandResponseDecoder.TEMPLATE_ID:
                type = SUCCESS;
                requestId = buffer.getLong(body + CommandResponseDecoder.requestIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
                break;
            case QueryResponseDecoder.TEMPLATE_ID:
                type = SUCCESS;
                requestId = buffer.getLong(body + QueryResponseDecoder.requestIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
                break;
            case ErrorResponseDecoder.TEMPLATE_ID:
                type = FAILURE;
                requestId = buffer.getLong(body + ErrorResponseDecoder.requestIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN);
                code = buffer.getShort(body + ErrorResponseDecoder.codeEncodingOffset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                break;
            default:
                return;
        }
        final int claimed = responses.tryClaim(type, RECORD_LENGTH);
        if (claimed <= 0)
        {
            lostResponses.incrementAndGet();
            return;
        }
        final AtomicBuffer records = responses.buffer();
        records.putLong(claimed, requestId);
        records.putLong(claimed + 8, nowNs);
        records.putInt(claimed + 16, code);
        responses.commit(claimed);
    }

    long lostResponses()
    {
        return lostResponses.get();
    }
}
