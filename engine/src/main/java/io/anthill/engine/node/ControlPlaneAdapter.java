package io.anthill.engine.node;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ControlAction;
import io.anthill.codecs.client.ControlRequestDecoder;
import io.anthill.codecs.client.ControlResponseEncoder;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.codecs.client.ReplicaRole;
import io.anthill.engine.Partition;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.EpochNanoClock;

/**
 * The control plane of a node: add, remove and list partitions, take a snapshot now, and, on a host of replicated
 * partitions, step a primary down. It is a separate channel from
 * the data plane (its own adapter, thread and response sink), every request must carry the shared admin credential
 * (compared in constant time), and it serves at most {@link NodeContext#controlRequestsPerSecond()} requests a
 * second, refusing the rest OVERLOADED, so a misbehaving tool cannot starve the data plane. Refusals are typed
 * ErrorResponse frames counted with the ingress's, as on the data plane.
 * <p>
 * Transport-agnostic like the data plane: the transport decodes the request's return address (a version 3 request
 * carries one; the control plane has no sessions) and binds the sink to it for the duration of {@link #onFrame}, which
 * answers every frame exactly once, synchronously. A version 2 request (a 13-byte block) is still served.
 */
public final class ControlPlaneAdapter
{
    private static final long NS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final int VAR_LENGTH_BYTES = FrameBounds.VAR_LENGTH_BYTES;
    /** Block of a version 2 ControlRequest: requestId, action, partitionId (no responseStreamId yet). */
    private static final int REQUEST_BLOCK_LENGTH_V2 = 13;

    private final Node node;
    private final ClientFrameSink sink;
    private final ReplicaControl replication;
    private final int hostIndex;
    private final IngressCounters counters;
    private final ErrorHandler errorHandler;
    private final EpochNanoClock clock;
    private final byte[] adminCredential;
    private final int requestsPerSecond;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ControlRequestDecoder request = new ControlRequestDecoder();
    private final MessageHeaderEncoder responseHeader = new MessageHeaderEncoder();
    private final ControlResponseEncoder response = new ControlResponseEncoder();
    private final ExpandableArrayBuffer responseBuffer = new ExpandableArrayBuffer(1024);
    private final ErrorFrameEncoder errors = new ErrorFrameEncoder();
    private long windowStartNs;
    private int servedInWindow;
    private boolean windowStarted;

    ControlPlaneAdapter(
        final Node node, final NodeContext ctx, final ClientFrameSink sink, final ReplicaControl replication)
    {
        this.node = node;
        this.sink = sink;
        this.replication = replication;
        this.hostIndex = ctx.hostIndex();
        this.counters = node.counters();
        this.errorHandler = ctx.errorHandler();
        this.clock = ctx.clock();
        this.adminCredential = ctx.adminCredential();
        this.requestsPerSecond = ctx.controlRequestsPerSecond();
    }

    /**
     * Handles one control frame; never throws.
     *
     * @param buffer holds the frame; read only during the call.
     * @param offset where it starts.
     * @param length its length.
     */
    public void onFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        counters.framesReceived.increment();
        if (length < MessageHeaderDecoder.ENCODED_LENGTH || length > NodeConfiguration.FRAME_LENGTH_MAX ||
            offset < 0 || offset + length > buffer.capacity())
        {
            refuse(0, -1, ErrorCode.MALFORMED_FRAME, RefusalDetail.FRAME_TOO_SHORT);
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID || header.version() < 1)
        {
            refuse(0, -1, ErrorCode.MALFORMED_FRAME, RefusalDetail.WRONG_SCHEMA);
            return;
        }
        if (header.templateId() != ControlRequestDecoder.TEMPLATE_ID)
        {
            refuse(0, -1, ErrorCode.UNKNOWN_MESSAGE_TYPE, RefusalDetail.NOT_A_REQUEST);
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int end = offset + length;
        final int blockLength = header.blockLength();
        final int minBlockLength = header.version() >= 3 ? ControlRequestDecoder.BLOCK_LENGTH : REQUEST_BLOCK_LENGTH_V2;
        if (blockLength < minBlockLength || bodyOffset + blockLength + VAR_LENGTH_BYTES > end)
        {
            refuse(0, -1, ErrorCode.MALFORMED_FRAME, RefusalDetail.BLOCK_TOO_SHORT);
            return;
        }
        request.wrap(buffer, bodyOffset, blockLength, header.version());
        final long requestId = request.requestId();
        final int partitionId = request.partitionId();
        final int credentialAt = bodyOffset + blockLength;
        final int credentialLength = FrameBounds.varLength(buffer, credentialAt, end);
        if (credentialLength < 0)
        {
            refuse(requestId, partitionId, ErrorCode.MALFORMED_FRAME, RefusalDetail.FIELD_PAST_FRAME);
            return;
        }
        if (!CredentialCheck.matches(adminCredential, buffer, credentialAt + VAR_LENGTH_BYTES, credentialLength))
        {
            refuse(requestId, partitionId, ErrorCode.UNAUTHENTICATED, RefusalDetail.BAD_CREDENTIAL);
            return;
        }
        if (!withinRate())
        {
            refuse(requestId, partitionId, ErrorCode.OVERLOADED, RefusalDetail.RATE_LIMITED);
            return;
        }
        serve(requestId, request.actionRaw(), partitionId);
    }

    private void serve(final long requestId, final short actionRaw, final int partitionId)
    {
        final ControlAction action = actionOf(actionRaw);
        if (null == action)
        {
            refuse(requestId, partitionId, ErrorCode.MALFORMED_FRAME, RefusalDetail.BAD_ENUM);
            return;
        }
        ReadModelDigests digests = null;
        final ErrorCode failure;
        try
        {
            if (action == ControlAction.READ_MODEL_DIGESTS)
            {
                final Partition partition = node.partition(partitionId);
                digests = null == partition ? null : ReadModelDigests.collect(partition);
            }
            failure = switch (action)
            {
                case ADD_PARTITION -> null == replication ? node.addPartition(partitionId) :
                    replication.addPartition(partitionId);
                case REMOVE_PARTITION -> null == replication ? node.removePartition(partitionId) :
                    replication.removePartition(partitionId);
                case SNAPSHOT_NOW -> node.snapshotNow(partitionId);
                case STEP_DOWN -> null == replication ? ErrorCode.UNSUPPORTED_ACTION : replication.stepDown(partitionId);
                case READ_MODEL_DIGESTS -> null == digests ? ErrorCode.UNKNOWN_PARTITION : digests.failure();
                default -> null;
            };
        }
        catch (final RuntimeException ex)
        {
            counters.ingressErrors.increment();
            errorHandler.onError(new IllegalStateException("control " + action + " of partition " + partitionId, ex));
            refuse(requestId, partitionId, ErrorCode.INTERNAL_ERROR, RefusalDetail.FAILED);
            return;
        }
        if (null != failure)
        {
            refuse(requestId, partitionId, failure, RefusalDetail.NONE);
            return;
        }
        counters.controlRequests.increment();
        respond(requestId, action, partitionId, digests);
    }

    private void respond(
        final long requestId, final ControlAction action, final int partitionId, final ReadModelDigests digests)
    {
        final List<Integer> ids = node.hostedPartitionIds();
        response.wrapAndApplyHeader(responseBuffer, 0, responseHeader)
            .requestId(requestId)
            .action(action)
            .partitionId(partitionId)
            .hostIndex(hostIndex);
        final ControlResponseEncoder.PartitionsEncoder partitions = response.partitionsCount(ids.size());
        for (final int id : ids)
        {
            final Partition partition = node.partition(id);
            final long appliedOp = null == partition ? 0 : partition.appliedOp();
            partitions.next()
                .partitionId(id)
                .status((short)(null == partition ? 0 : partition.status().ordinal()))
                .appliedOp(appliedOp)
                .role(null == replication ? ReplicaRole.UNREPLICATED : replication.role(id))
                .view(null == replication ? 0 : replication.view(id))
                .op(null == replication ? appliedOp : replication.op(id))
                .commitOp(null == replication ? appliedOp : replication.commitOp(id));
        }
        final ControlResponseEncoder.ReadModelsEncoder readModels = response.readModelsCount(
            null == digests ? 0 : digests.count());
        for (int i = 0; null != digests && i < digests.count(); i++)
        {
            readModels.next().position(digests.position(i)).digest(digests.digest(i)).name(digests.name(i));
        }
        sink.onFrame(0, responseBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + response.encodedLength());
    }

    private static ControlAction actionOf(final short raw)
    {
        for (final ControlAction action : ControlAction.values())
        {
            if (action != ControlAction.NULL_VAL && action.value() == raw)
            {
                return action;
            }
        }
        return null;
    }

    private boolean withinRate()
    {
        final long nowNs = clock.nanoTime();
        if (!windowStarted || nowNs - windowStartNs >= NS_PER_SECOND)
        {
            windowStarted = true;
            windowStartNs = nowNs;
            servedInWindow = 0;
        }
        return ++servedInWindow <= requestsPerSecond;
    }

    private void refuse(final long requestId, final int partitionId, final ErrorCode code, final RefusalDetail detail)
    {
        counters.countRefusal(code);
        final int length = errors.encode(0, requestId, partitionId, code, 0, 0, null, detail);
        sink.onFrame(0, errors.buffer(), 0, length);
    }
}
