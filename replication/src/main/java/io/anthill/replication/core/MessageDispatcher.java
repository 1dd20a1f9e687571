package io.anthill.replication.core;

import io.anthill.codecs.replication.BooleanType;
import io.anthill.codecs.replication.CommitDecoder;
import io.anthill.codecs.replication.DoViewChangeDecoder;
import io.anthill.codecs.replication.GetSnapshotDecoder;
import io.anthill.codecs.replication.GetStateDecoder;
import io.anthill.codecs.replication.MessageHeaderDecoder;
import io.anthill.codecs.replication.NewStateDecoder;
import io.anthill.codecs.replication.PrepareDecoder;
import io.anthill.codecs.replication.PrepareOkDecoder;
import io.anthill.codecs.replication.RecoveryDecoder;
import io.anthill.codecs.replication.RecoveryResponseDecoder;
import io.anthill.codecs.replication.SnapshotChunkDecoder;
import io.anthill.codecs.replication.StartViewChangeDecoder;
import io.anthill.codecs.replication.StartViewDecoder;
import io.anthill.codecs.replication.StateStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Decodes inbound SBE replication messages with the project's one decode idiom (header, schema id and version,
 * template id, body with the header's block length and version), copies entry groups into a bounded batch and
 * routes each message to the concern that owns it. A message that is malformed, for another partition, from an
 * unknown replica or over the limits is dropped and counted, never thrown: peers are not trusted to be bug free.
 */
final class MessageDispatcher
{
    private final ReplicaState state;
    private final NormalOperation normal;
    private final ViewChange viewChange;
    private final Recovery recovery;
    private final StateTransfer transfer;
    private final EntryBatch inbound;
    private final int bodyBytesMax;
    private final int snapshotChunkBytes;
    private final UnsafeBuffer bodyView = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final PrepareDecoder prepare = new PrepareDecoder();
    private final PrepareOkDecoder prepareOk = new PrepareOkDecoder();
    private final CommitDecoder commit = new CommitDecoder();
    private final StartViewChangeDecoder startViewChange = new StartViewChangeDecoder();
    private final DoViewChangeDecoder doViewChange = new DoViewChangeDecoder();
    private final StartViewDecoder startView = new StartViewDecoder();
    private final RecoveryDecoder recoveryRequest = new RecoveryDecoder();
    private final RecoveryResponseDecoder recoveryResponse = new RecoveryResponseDecoder();
    private final GetStateDecoder getState = new GetStateDecoder();
    private final NewStateDecoder newState = new NewStateDecoder();
    private final GetSnapshotDecoder getSnapshot = new GetSnapshotDecoder();
    private final SnapshotChunkDecoder snapshotChunk = new SnapshotChunkDecoder();
    private final SnapshotTransfer snapshot;
    private long messagesDropped;

    MessageDispatcher(
        final ReplicaState state,
        final NormalOperation normal,
        final ViewChange viewChange,
        final Recovery recovery,
        final StateTransfer transfer,
        final SnapshotTransfer snapshot,
        final EntryBatch inbound,
        final ReplicaContext ctx)
    {
        this.bodyBytesMax = ctx.bodyBytesMax();
        this.snapshotChunkBytes = ctx.snapshotChunkBytes();
        this.state = state;
        this.normal = normal;
        this.viewChange = viewChange;
        this.recovery = recovery;
        this.transfer = transfer;
        this.snapshot = snapshot;
        this.inbound = inbound;
    }

    long messagesDropped()
    {
        return messagesDropped;
    }

    void onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            messagesDropped++;
            return;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != PrepareDecoder.SCHEMA_ID || header.version() < 1)
        {
            messagesDropped++;
            return;
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        try
        {
            if (!dispatch(header.templateId(), buffer, bodyOffset, blockLength, version))
            {
                messagesDropped++;
            }
        }
        catch (final IndexOutOfBoundsException ex)
        {
            messagesDropped++; // truncated or lying about its lengths
        }
    }

    private boolean dispatch(final int templateId, final DirectBuffer buffer, final int offset, final int block, final int version)
    {
        switch (templateId)
        {
            case PrepareDecoder.TEMPLATE_ID:
                return onPrepare(prepare.wrap(buffer, offset, block, version));
            case PrepareOkDecoder.TEMPLATE_ID:
                prepareOk.wrap(buffer, offset, block, version);
                return accept(prepareOk.partitionId(), prepareOk.replica()) &&
                    normal.onPrepareOk(prepareOk.replica(), prepareOk.view(), prepareOk.op());
            case CommitDecoder.TEMPLATE_ID:
                commit.wrap(buffer, offset, block, version);
                return accept(commit.partitionId(), commit.replica()) &&
                    normal.onCommit(commit.replica(), commit.view(), commit.commitOp());
            case StartViewChangeDecoder.TEMPLATE_ID:
                startViewChange.wrap(buffer, offset, block, version);
                return accept(startViewChange.partitionId(), startViewChange.replica()) &&
                    viewChange.onStartViewChange(startViewChange.replica(), startViewChange.view());
            case DoViewChangeDecoder.TEMPLATE_ID:
                return onDoViewChange(doViewChange.wrap(buffer, offset, block, version));
            case StartViewDecoder.TEMPLATE_ID:
                return onStartView(startView.wrap(buffer, offset, block, version));
            case RecoveryDecoder.TEMPLATE_ID:
                recoveryRequest.wrap(buffer, offset, block, version);
                return accept(recoveryRequest.partitionId(), recoveryRequest.replica()) &&
                    recovery.onRecovery(recoveryRequest.replica(), recoveryRequest.nonce());
            case RecoveryResponseDecoder.TEMPLATE_ID:
                recoveryResponse.wrap(buffer, offset, block, version);
                return accept(recoveryResponse.partitionId(), recoveryResponse.replica()) && recovery.onRecoveryResponse(
                    recoveryResponse.replica(), recoveryResponse.view(), recoveryResponse.nonce());
            case GetStateDecoder.TEMPLATE_ID:
                getState.wrap(buffer, offset, block, version);
                return accept(getState.partitionId(), getState.replica()) && transfer.onGetState(
                    getState.replica(), getState.view(), getState.fromOp(), getState.committedOnly() == BooleanType.TRUE);
            case NewStateDecoder.TEMPLATE_ID:
                return onNewState(newState.wrap(buffer, offset, block, version));
            case GetSnapshotDecoder.TEMPLATE_ID:
                getSnapshot.wrap(buffer, offset, block, version);
                return accept(getSnapshot.partitionId(), getSnapshot.replica()) &&
                    snapshot.onGetSnapshot(getSnapshot.replica(), getSnapshot.snapshotOp(), getSnapshot.position());
            case SnapshotChunkDecoder.TEMPLATE_ID:
                return onSnapshotChunk(snapshotChunk.wrap(buffer, offset, block, version));
            default:
                return false;
        }
    }

    private boolean accept(final int partitionId, final int replica)
    {
        return partitionId == state.partitionId && replica >= 0 && replica < state.replicaCount && replica != state.self;
    }

    private boolean onPrepare(final PrepareDecoder decoder)
    {
        if (!accept(decoder.partitionId(), decoder.replica()))
        {
            return false;
        }
        inbound.clear();
        for (final PrepareDecoder.EntriesDecoder e : decoder.entries())
        {
            if (!add(e.op(), e.entryView(), e.timestampNs(), e.bodyLength()))
            {
                return false;
            }
            e.wrapBody(bodyView);
            inbound.add(e.op(), e.entryView(), e.timestampNs(), bodyView, 0, bodyView.capacity());
        }
        return normal.onPrepare(decoder.replica(), decoder.view(), decoder.commitOp(), inbound);
    }

    private boolean onDoViewChange(final DoViewChangeDecoder decoder)
    {
        if (!accept(decoder.partitionId(), decoder.replica()))
        {
            return false;
        }
        inbound.clear();
        for (final DoViewChangeDecoder.EntriesDecoder e : decoder.entries())
        {
            if (!add(e.op(), e.entryView(), e.timestampNs(), e.bodyLength()))
            {
                return false;
            }
            e.wrapBody(bodyView);
            inbound.add(e.op(), e.entryView(), e.timestampNs(), bodyView, 0, bodyView.capacity());
        }
        return viewChange.onDoViewChange(
            decoder.replica(), decoder.view(), decoder.lastNormalView(), decoder.op(), decoder.commitOp(), inbound);
    }

    private boolean onStartView(final StartViewDecoder decoder)
    {
        if (!accept(decoder.partitionId(), decoder.replica()))
        {
            return false;
        }
        inbound.clear();
        for (final StartViewDecoder.EntriesDecoder e : decoder.entries())
        {
            if (!add(e.op(), e.entryView(), e.timestampNs(), e.bodyLength()))
            {
                return false;
            }
            e.wrapBody(bodyView);
            inbound.add(e.op(), e.entryView(), e.timestampNs(), bodyView, 0, bodyView.capacity());
        }
        return viewChange.onStartView(decoder.replica(), decoder.view(), decoder.op(), decoder.commitOp(), inbound);
    }

    private boolean onNewState(final NewStateDecoder decoder)
    {
        if (!accept(decoder.partitionId(), decoder.replica()))
        {
            return false;
        }
        final StateStatus status = decoder.status();
        final boolean committedOnly = decoder.committedOnly() == BooleanType.TRUE;
        inbound.clear();
        for (final NewStateDecoder.EntriesDecoder e : decoder.entries())
        {
            if (!add(e.op(), e.entryView(), e.timestampNs(), e.bodyLength()))
            {
                return false;
            }
            e.wrapBody(bodyView);
            inbound.add(e.op(), e.entryView(), e.timestampNs(), bodyView, 0, bodyView.capacity());
        }
        return transfer.onNewState(decoder.replica(), status, committedOnly, inbound);
    }

    private boolean onSnapshotChunk(final SnapshotChunkDecoder decoder)
    {
        if (!accept(decoder.partitionId(), decoder.replica()))
        {
            return false;
        }
        final int replica = decoder.replica();
        final long snapshotOp = decoder.snapshotOp();
        final long length = decoder.snapshotLength();
        final long position = decoder.position();
        final StateStatus status = decoder.status();
        if (decoder.chunkLength() > snapshotChunkBytes)
        {
            return false;
        }
        decoder.wrapChunk(bodyView);
        return transfer.onSnapshotChunk(replica, snapshotOp, length, position, status, bodyView, 0, bodyView.capacity());
    }

    private boolean add(final long op, final long view, final long timestampNs, final int bodyLength)
    {
        if (inbound.isFull() || bodyLength > bodyBytesMax || op < 1 || view < 0)
        {
            return false;
        }
        return inbound.size() == 0 || op == inbound.lastOp() + 1;
    }
}
