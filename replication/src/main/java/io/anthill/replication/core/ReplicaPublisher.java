package io.anthill.replication.core;

import io.anthill.codecs.replication.BooleanType;
import io.anthill.codecs.replication.CommitEncoder;
import io.anthill.codecs.replication.DoViewChangeEncoder;
import io.anthill.codecs.replication.GetSnapshotEncoder;
import io.anthill.codecs.replication.GetStateEncoder;
import io.anthill.codecs.replication.MessageHeaderEncoder;
import io.anthill.codecs.replication.NewStateEncoder;
import io.anthill.codecs.replication.PrepareEncoder;
import io.anthill.codecs.replication.PrepareOkEncoder;
import io.anthill.codecs.replication.RecoveryEncoder;
import io.anthill.codecs.replication.RecoveryResponseEncoder;
import io.anthill.codecs.replication.SnapshotChunkEncoder;
import io.anthill.codecs.replication.StartViewChangeEncoder;
import io.anthill.codecs.replication.StartViewEncoder;
import io.anthill.codecs.replication.StateStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the protocol's outbound messages with the SBE replication codecs into one reused buffer and hands them
 * to the {@link MessageSender}. Allocates nothing per message.
 */
final class ReplicaPublisher
{
    private final ReplicaState state;
    private final MessageSender sender;
    private final UnsafeBuffer buffer;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PrepareEncoder prepare = new PrepareEncoder();
    private final PrepareOkEncoder prepareOk = new PrepareOkEncoder();
    private final CommitEncoder commit = new CommitEncoder();
    private final StartViewChangeEncoder startViewChange = new StartViewChangeEncoder();
    private final DoViewChangeEncoder doViewChange = new DoViewChangeEncoder();
    private final StartViewEncoder startView = new StartViewEncoder();
    private final RecoveryEncoder recovery = new RecoveryEncoder();
    private final RecoveryResponseEncoder recoveryResponse = new RecoveryResponseEncoder();
    private final GetStateEncoder getState = new GetStateEncoder();
    private final NewStateEncoder newState = new NewStateEncoder();
    private final GetSnapshotEncoder getSnapshot = new GetSnapshotEncoder();
    private final SnapshotChunkEncoder snapshotChunk = new SnapshotChunkEncoder();
    private long messagesSent;

    ReplicaPublisher(final ReplicaState state, final MessageSender sender, final int messageBytesMax)
    {
        this.state = state;
        this.sender = sender;
        buffer = new UnsafeBuffer(new byte[messageBytesMax]);
    }

    long messagesSent()
    {
        return messagesSent;
    }

    private void send(final int to, final int bodyLength)
    {
        messagesSent++;
        sender.send(to, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }

    void prepare(final int to, final long commitOp, final EntryBatch entries)
    {
        prepare.wrapAndApplyHeader(buffer, 0, header)
            .partitionId(state.partitionId).replica(state.self).view(state.view).commitOp(commitOp);
        final PrepareEncoder.EntriesEncoder group = prepare.entriesCount(entries.size());
        for (int i = 0; i < entries.size(); i++)
        {
            final LogEntry e = entries.get(i);
            group.next().op(e.op()).entryView(e.view()).timestampNs(e.timestampNs()).putBody(e.body(), 0, e.bodyLength());
        }
        send(to, prepare.encodedLength());
    }

    void prepareOk(final int to, final long view, final long op)
    {
        prepareOk.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self).view(view).op(op);
        send(to, prepareOk.encodedLength());
    }

    void commit(final int to, final long commitOp)
    {
        commit.wrapAndApplyHeader(buffer, 0, header)
            .partitionId(state.partitionId).replica(state.self).view(state.view).commitOp(commitOp);
        send(to, commit.encodedLength());
    }

    void startViewChange(final int to)
    {
        startViewChange.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self).view(state.view);
        send(to, startViewChange.encodedLength());
    }

    void doViewChange(final int to, final long lastNormalView, final long op, final long commitOp, final EntryBatch entries)
    {
        doViewChange.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self)
            .view(state.view).lastNormalView(lastNormalView).op(op).commitOp(commitOp);
        final DoViewChangeEncoder.EntriesEncoder group = doViewChange.entriesCount(entries.size());
        for (int i = 0; i < entries.size(); i++)
        {
            final LogEntry e = entries.get(i);
            group.next().op(e.op()).entryView(e.view()).timestampNs(e.timestampNs()).putBody(e.body(), 0, e.bodyLength());
        }
        send(to, doViewChange.encodedLength());
    }

    void startView(final int to, final long op, final long commitOp, final EntryBatch entries)
    {
        startView.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self)
            .view(state.view).op(op).commitOp(commitOp);
        final StartViewEncoder.EntriesEncoder group = startView.entriesCount(entries.size());
        for (int i = 0; i < entries.size(); i++)
        {
            final LogEntry e = entries.get(i);
            group.next().op(e.op()).entryView(e.view()).timestampNs(e.timestampNs()).putBody(e.body(), 0, e.bodyLength());
        }
        send(to, startView.encodedLength());
    }

    void recovery(final int to, final long nonce)
    {
        recovery.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self).nonce(nonce);
        send(to, recovery.encodedLength());
    }

    void recoveryResponse(final int to, final long nonce, final long op, final long commitOp)
    {
        recoveryResponse.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self)
            .view(state.view).nonce(nonce).op(op).commitOp(commitOp);
        send(to, recoveryResponse.encodedLength());
    }

    void getState(final int to, final long fromOp, final boolean committedOnly)
    {
        getState.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self)
            .view(state.view).fromOp(fromOp).committedOnly(committedOnly ? BooleanType.TRUE : BooleanType.FALSE);
        send(to, getState.encodedLength());
    }

    void newState(final int to, final long fromOp, final StateStatus status, final EntryBatch entries)
    {
        newState.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self)
            .view(state.view).fromOp(fromOp).op(state.syncedOp).commitOp(state.commitOp).status(status)
            .committedOnly(BooleanType.TRUE);
        final NewStateEncoder.EntriesEncoder group = newState.entriesCount(entries.size());
        for (int i = 0; i < entries.size(); i++)
        {
            final LogEntry e = entries.get(i);
            group.next().op(e.op()).entryView(e.view()).timestampNs(e.timestampNs()).putBody(e.body(), 0, e.bodyLength());
        }
        send(to, newState.encodedLength());
    }

    void getSnapshot(final int to, final long snapshotOp, final long position)
    {
        getSnapshot.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self)
            .view(state.view).snapshotOp(snapshotOp).position(position);
        send(to, getSnapshot.encodedLength());
    }

    void snapshotChunk(final int to, final long snapshotOp, final long snapshotLength, final long position, final StateStatus status,
        final DirectBuffer chunk, final int length)
    {
        snapshotChunk.wrapAndApplyHeader(buffer, 0, header).partitionId(state.partitionId).replica(state.self)
            .view(state.view).snapshotOp(snapshotOp).snapshotLength(snapshotLength).position(position).status(status)
            .putChunk(chunk, 0, length);
        send(to, snapshotChunk.encodedLength());
    }
}
