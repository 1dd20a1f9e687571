package io.anthill.engine.node;

import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.CommandBatchDecoder;
import io.anthill.codecs.client.CommandRequestDecoder;
import io.anthill.codecs.client.ConnectDecoder;
import io.anthill.codecs.client.ConnectedEncoder;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.codecs.client.QueryRequestDecoder;
import io.anthill.engine.Partition;
import io.anthill.engine.SubmitResult;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.LongHashSet;

/**
 * The data-plane ingress of a node: decodes client-protocol frames from any transport (a buffer in) into partition
 * calls, or answers them at once with a typed ErrorResponse through the {@link ClientFrameSink} (frames out).
 * Every refusal is counted by its code in {@link IngressCounters}. Nothing a client sends can throw out of
 * {@link #onFrame}: lengths are checked against the frame before a decoder reads them, enum values are read raw,
 * and an unexpected exception (a bug) is contained, counted, reported once and answered INTERNAL_ERROR.
 * <p>
 * One decode idiom: wrap the header, check schema id and version, switch on template id, check the block and
 * every length against the frame, then wrap the body with the header's block length and version. One instance per
 * I/O thread: it owns its decoders and its table of connected sessions, so it needs no lock and allocates nothing
 * per frame. Never blocks: a full ring, a queueing delay over the SLA or a full read queue is an OVERLOADED answer
 * with a retry-after hint.
 */
public final class ClientIngressAdapter
{
    private static final int VAR_LENGTH_BYTES = FrameBounds.VAR_LENGTH_BYTES;
    private static final int QUERY_BLOCK_LENGTH_V1 = 29;
    private static final int NULL_READ_MODEL = 65535;

    private final Node node;
    private final ReplicaPlacement placement;
    private final ClientFrameSink sink;
    private final IngressCounters counters;
    private final ErrorHandler errorHandler;
    private final LongHashSet sessions;
    private final int sessionCapacity;
    private final byte[] clientCredential;
    private final int hostIndex;
    private final long slaNs;
    private final int retryAfterMaxMs;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandRequestDecoder command = new CommandRequestDecoder();
    private final QueryRequestDecoder query = new QueryRequestDecoder();
    private final CommandBatchDecoder batch = new CommandBatchDecoder();
    private final ConnectDecoder connect = new ConnectDecoder();
    private final ErrorFrameEncoder errors = new ErrorFrameEncoder();
    private final ExpandableArrayBuffer connectedBuffer = new ExpandableArrayBuffer(64);
    private final MessageHeaderEncoder connectedHeader = new MessageHeaderEncoder();
    private final ConnectedEncoder connected = new ConnectedEncoder();

    ClientIngressAdapter(final Node node, final NodeContext ctx)
    {
        this.node = node;
        this.placement = ctx.placement();
        this.sink = ctx.frameSink();
        this.counters = node.counters();
        this.errorHandler = ctx.errorHandler();
        this.sessionCapacity = ctx.sessionCapacity();
        this.sessions = new LongHashSet(Math.max(8, sessionCapacity * 2));
        this.clientCredential = ctx.clientCredential();
        this.hostIndex = ctx.hostIndex();
        this.slaNs = TimeUnit.MILLISECONDS.toNanos(ctx.queueDelaySlaMs());
        this.retryAfterMaxMs = ctx.retryAfterMaxMs();
    }

    /**
     * Handles one complete frame.
     *
     * @param buffer holds the frame; read only during the call.
     * @param offset where it starts.
     * @param length its length.
     */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.framesReceived.increment();
        try
        {
            dispatch(buffer, offset, length);
        }
        catch (final RuntimeException ex)
        {
            counters.ingressErrors.increment();
            errorHandler.onError(new IllegalStateException("ingress failed on a frame of " + length + " bytes", ex));
            refuse(0, 0, -1, ErrorCode.INTERNAL_ERROR, 0, 0, RefusalDetail.FAILED);
        }
    }

    private void dispatch(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > NodeConfiguration.FRAME_LENGTH_MAX)
        {
            refuse(0, 0, -1, ErrorCode.BATCH_TOO_LARGE, 0, 0, RefusalDetail.FRAME_TOO_LONG);
            return;
        }
        if (length < MessageHeaderDecoder.ENCODED_LENGTH || offset < 0 || offset + length > buffer.capacity())
        {
            refuse(0, 0, -1, ErrorCode.MALFORMED_FRAME, 0, 0, RefusalDetail.FRAME_TOO_SHORT);
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            refuse(0, 0, -1, ErrorCode.MALFORMED_FRAME, 0, 0, RefusalDetail.WRONG_SCHEMA);
            return;
        }
        if (header.version() < 1)
        {
            refuse(0, 0, -1, ErrorCode.MALFORMED_FRAME, 0, 0, RefusalDetail.BAD_VERSION);
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;
        switch (header.templateId())
        {
            case CommandRequestDecoder.TEMPLATE_ID:
                onCommand(buffer, bodyOffset, end);
                break;
            case QueryRequestDecoder.TEMPLATE_ID:
                onQuery(buffer, bodyOffset, end);
                break;
            case CommandBatchDecoder.TEMPLATE_ID:
                onBatch(buffer, bodyOffset, end);
                break;
            case ConnectDecoder.TEMPLATE_ID:
                onConnect(buffer, bodyOffset, end);
                break;
            default:
                refuse(0, 0, -1, ErrorCode.UNKNOWN_MESSAGE_TYPE, 0, 0, RefusalDetail.NOT_A_REQUEST);
                break;
        }
    }

    private void onCommand(final DirectBuffer buffer, final int bodyOffset, final int end)
    {
        final int blockLength = header.blockLength();
        if (!blockFits(bodyOffset, blockLength, CommandRequestDecoder.BLOCK_LENGTH, end))
        {
            return;
        }
        command.wrap(buffer, bodyOffset, blockLength, header.version());
        final long sessionId = command.sessionId();
        final long requestId = command.requestId();
        final int partitionId = command.partitionId();
        final int payloadOffset = bodyOffset + blockLength + VAR_LENGTH_BYTES;
        final int payloadLength = FrameBounds.varLength(buffer, bodyOffset + blockLength, end);
        if (payloadLength < 0)
        {
            refuse(sessionId, requestId, partitionId, ErrorCode.MALFORMED_FRAME, 0, 0, RefusalDetail.FIELD_PAST_FRAME);
            return;
        }
        if (isConnected(sessionId, requestId, partitionId))
        {
            final HostedPartition target = route(sessionId, requestId, partitionId);
            if (null != target)
            {
                submit(target, sessionId, requestId, buffer, payloadOffset, payloadLength);
            }
        }
    }

    private void onQuery(final DirectBuffer buffer, final int bodyOffset, final int end)
    {
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int minBlockLength = version >= 2 ? QueryRequestDecoder.BLOCK_LENGTH : QUERY_BLOCK_LENGTH_V1;
        if (!blockFits(bodyOffset, blockLength, minBlockLength, end))
        {
            return;
        }
        query.wrap(buffer, bodyOffset, blockLength, version);
        final long sessionId = query.sessionId();
        final long requestId = query.requestId();
        final int partitionId = query.partitionId();
        final int payloadLength = FrameBounds.varLength(buffer, bodyOffset + blockLength, end);
        final short consistencyRaw = query.consistencyRaw();
        if (payloadLength < 0 || consistencyRaw < 1 || consistencyRaw > 3)
        {
            refuse(sessionId, requestId, partitionId, ErrorCode.MALFORMED_FRAME, 0, 0,
                payloadLength < 0 ? RefusalDetail.FIELD_PAST_FRAME : RefusalDetail.BAD_ENUM);
            return;
        }
        if (!isConnected(sessionId, requestId, partitionId))
        {
            return;
        }
        final HostedPartition target = route(sessionId, requestId, partitionId);
        if (null == target)
        {
            return;
        }
        final int readModel = query.readModel() == NULL_READ_MODEL ? 0 : query.readModel();
        final SubmitResult result = target.partition.query(readModel, Consistency.get(consistencyRaw),
            query.minPosition(), sessionId, requestId, buffer, bodyOffset + blockLength + VAR_LENGTH_BYTES,
            payloadLength, target.publisher);
        if (result == SubmitResult.ACCEPTED)
        {
            counters.queriesAccepted.increment();
        }
        else
        {
            refuseSubmission(result, sessionId, requestId, target, 1, RefusalDetail.READ_QUEUE_FULL);
        }
    }

    private void onBatch(final DirectBuffer buffer, final int bodyOffset, final int end)
    {
        final int blockLength = header.blockLength();
        if (!blockFits(bodyOffset, blockLength, CommandBatchDecoder.BLOCK_LENGTH, end))
        {
            return;
        }
        batch.wrap(buffer, bodyOffset, blockLength, header.version());
        final long sessionId = batch.sessionId();
        final int partitionId = batch.partitionId();
        if (!FrameBounds.batchFits(buffer, bodyOffset + blockLength, end))
        {
            refuse(sessionId, 0, partitionId, ErrorCode.MALFORMED_FRAME, 0, 0, RefusalDetail.FIELD_PAST_FRAME);
            return;
        }
        if (!isConnected(sessionId, 0, partitionId))
        {
            return;
        }
        final HostedPartition target = route(sessionId, 0, partitionId);
        if (null == target)
        {
            return;
        }
        final CommandBatchDecoder.CommandsDecoder commands = batch.commands();
        while (commands.hasNext())
        {
            commands.next();
            final long requestId = commands.requestId();
            final int payloadLength = commands.payloadLength();
            final int payloadOffset = batch.limit() + VAR_LENGTH_BYTES;
            commands.skipPayload();
            submit(target, sessionId, requestId, buffer, payloadOffset, payloadLength);
        }
    }

    private void onConnect(final DirectBuffer buffer, final int bodyOffset, final int end)
    {
        final int blockLength = header.blockLength();
        if (!blockFits(bodyOffset, blockLength, ConnectDecoder.BLOCK_LENGTH, end))
        {
            return;
        }
        connect.wrap(buffer, bodyOffset, blockLength, header.version());
        final long sessionId = connect.sessionId();
        final int channelLength = FrameBounds.varLength(buffer, bodyOffset + blockLength, end);
        final int credentialAt = bodyOffset + blockLength + VAR_LENGTH_BYTES + Math.max(0, channelLength);
        final int credentialLength = header.version() >= 2 ? FrameBounds.varLength(buffer, credentialAt, end) : 0;
        if (channelLength < 0 || credentialLength < 0)
        {
            refuse(sessionId, 0, -1, ErrorCode.MALFORMED_FRAME, 0, 0, RefusalDetail.FIELD_PAST_FRAME);
            return;
        }
        if (null != clientCredential &&
            !CredentialCheck.matches(clientCredential, buffer, credentialAt + VAR_LENGTH_BYTES, credentialLength))
        {
            refuse(sessionId, 0, -1, ErrorCode.UNAUTHENTICATED, 0, 0, RefusalDetail.BAD_CREDENTIAL);
            return;
        }
        if (!sessions.contains(sessionId))
        {
            if (sessions.size() >= sessionCapacity)
            {
                refuse(sessionId, 0, -1, ErrorCode.OVERLOADED, retryAfterMaxMs, 0, RefusalDetail.SESSIONS_FULL);
                return;
            }
            sessions.add(sessionId);
            counters.sessionsConnected.increment();
        }
        connected.wrapAndApplyHeader(connectedBuffer, 0, connectedHeader).sessionId(sessionId).hostIndex(hostIndex);
        sink.onFrame(sessionId, connectedBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + connected.encodedLength());
    }

    private boolean isConnected(final long sessionId, final long requestId, final int partitionId)
    {
        if (sessions.contains(sessionId))
        {
            return true;
        }
        refuse(sessionId, requestId, partitionId, ErrorCode.UNAUTHENTICATED, 0, 0, RefusalDetail.NOT_CONNECTED);
        return false;
    }

    /**
     * @return the hosted partition, or null after refusing: UNKNOWN_PARTITION outside the deployment or when no
     * other host has it, else WRONG_NODE with the address of a host that does.
     */
    private HostedPartition route(final long sessionId, final long requestId, final int partitionId)
    {
        if (!placement.isPartition(partitionId))
        {
            refuse(sessionId, requestId, partitionId, ErrorCode.UNKNOWN_PARTITION, 0, 0, RefusalDetail.NOT_A_PARTITION);
            return null;
        }
        final HostedPartition target = node.hosted(partitionId);
        if (null == target)
        {
            final int redirectHost = node.redirectHost(partitionId);
            if (0 == redirectHost)
            {
                refuse(sessionId, requestId, partitionId, ErrorCode.UNKNOWN_PARTITION, 0, 0, RefusalDetail.NOT_HOSTED);
            }
            else
            {
                refuse(sessionId, requestId, partitionId, ErrorCode.WRONG_NODE, 0, redirectHost, RefusalDetail.OTHER_HOST);
            }
        }
        return target;
    }

    private void submit(
        final HostedPartition target, final long sessionId, final long requestId, final DirectBuffer buffer,
        final int payloadOffset, final int payloadLength)
    {
        final Partition partition = target.partition;
        final long delayNs = partition.queueingDelayNs();
        if (delayNs > slaNs)
        {
            counters.shedOnQueueDelay.increment();
            partition.counters().recordShedOnQueueDelay();
            refuse(sessionId, requestId, target.partitionId, ErrorCode.OVERLOADED, retryAfterMs(delayNs), partition.view(),
                0, RefusalDetail.QUEUE_DELAY);
            return;
        }
        final SubmitResult result = partition.submit(sessionId, requestId, buffer, payloadOffset, payloadLength);
        if (result == SubmitResult.ACCEPTED)
        {
            counters.commandsAccepted.increment();
        }
        else
        {
            refuseSubmission(result, sessionId, requestId, target, retryAfterMs(Math.max(delayNs, slaNs)),
                RefusalDetail.RING_FULL);
        }
    }

    private void refuseSubmission(
        final SubmitResult result, final long sessionId, final long requestId, final HostedPartition target,
        final int retryAfterMs, final RefusalDetail overloadDetail)
    {
        final int partitionId = target.partitionId;
        final long view = target.partition.view();
        switch (result)
        {
            case OVERLOADED:
                refuse(sessionId, requestId, partitionId, ErrorCode.OVERLOADED, retryAfterMs, view, 0, overloadDetail);
                break;
            case PAYLOAD_TOO_LARGE:
                refuse(sessionId, requestId, partitionId, ErrorCode.PAYLOAD_TOO_LARGE, 0, view, 0, RefusalDetail.PAYLOAD);
                break;
            case NOT_PRIMARY:
                refuse(sessionId, requestId, partitionId, ErrorCode.NOT_PRIMARY, 0, view,
                    placement.primaryHostInView(partitionId, view), RefusalDetail.OTHER_HOST);
                break;
            case UNKNOWN_READ_MODEL:
                refuse(sessionId, requestId, partitionId, ErrorCode.UNKNOWN_QUERY, 0, view, 0, RefusalDetail.NO_READ_MODEL);
                break;
            default:
                refuse(sessionId, requestId, partitionId, ErrorCode.UNKNOWN_PARTITION, 0, view, 0, RefusalDetail.NOT_RUNNING);
                break;
        }
    }

    private int retryAfterMs(final long delayNs)
    {
        final long ms = TimeUnit.NANOSECONDS.toMillis(delayNs) + 1;
        return (int)Math.min(ms, retryAfterMaxMs);
    }

    private boolean blockFits(final int bodyOffset, final int blockLength, final int minBlockLength, final int end)
    {
        if (blockLength < minBlockLength || bodyOffset + blockLength > end)
        {
            refuse(0, 0, -1, ErrorCode.MALFORMED_FRAME, 0, 0, RefusalDetail.BLOCK_TOO_SHORT);
            return false;
        }
        return true;
    }

    private void refuse(
        final long sessionId, final long requestId, final int partitionId, final ErrorCode code, final int retryAfterMs,
        final int redirectHost, final RefusalDetail detail)
    {
        refuse(sessionId, requestId, partitionId, code, retryAfterMs, 0, redirectHost, detail);
    }

    private void refuse(
        final long sessionId, final long requestId, final int partitionId, final ErrorCode code, final int retryAfterMs,
        final long view, final int redirectHost, final RefusalDetail detail)
    {
        counters.countRefusal(code);
        final DirectBuffer redirect = 0 == redirectHost ? null : node.hostAddress(redirectHost);
        final int length = errors.encode(sessionId, requestId, partitionId, code, retryAfterMs, view, redirect, detail);
        sink.onFrame(sessionId, errors.buffer(), 0, length);
    }
}
