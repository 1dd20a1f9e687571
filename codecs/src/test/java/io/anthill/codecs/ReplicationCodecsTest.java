package io.anthill.codecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anthill.codecs.replication.BooleanType;
import io.anthill.codecs.replication.CommitDecoder;
import io.anthill.codecs.replication.CommitEncoder;
import io.anthill.codecs.replication.DoViewChangeDecoder;
import io.anthill.codecs.replication.DoViewChangeEncoder;
import io.anthill.codecs.replication.GetSnapshotDecoder;
import io.anthill.codecs.replication.GetSnapshotEncoder;
import io.anthill.codecs.replication.GetStateDecoder;
import io.anthill.codecs.replication.GetStateEncoder;
import io.anthill.codecs.replication.MessageHeaderDecoder;
import io.anthill.codecs.replication.MessageHeaderEncoder;
import io.anthill.codecs.replication.NewStateDecoder;
import io.anthill.codecs.replication.NewStateEncoder;
import io.anthill.codecs.replication.PrepareDecoder;
import io.anthill.codecs.replication.PrepareEncoder;
import io.anthill.codecs.replication.PrepareOkDecoder;
import io.anthill.codecs.replication.PrepareOkEncoder;
import io.anthill.codecs.replication.RecoveryDecoder;
import io.anthill.codecs.replication.RecoveryEncoder;
import io.anthill.codecs.replication.RecoveryResponseDecoder;
import io.anthill.codecs.replication.RecoveryResponseEncoder;
import io.anthill.codecs.replication.SnapshotChunkDecoder;
import io.anthill.codecs.replication.SnapshotChunkEncoder;
import io.anthill.codecs.replication.StartViewChangeDecoder;
import io.anthill.codecs.replication.StartViewChangeEncoder;
import io.anthill.codecs.replication.StartViewDecoder;
import io.anthill.codecs.replication.StartViewEncoder;
import io.anthill.codecs.replication.StateStatus;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * Every replication message survives encode then decode through the decode idiom, entries groups included.
 */
class ReplicationCodecsTest
{
    private static final int OFFSET = 0;
    private static final int ENTRIES = 3;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    private int body(final int templateId)
    {
        header.wrap(buffer, OFFSET);
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(MessageHeaderDecoder.SCHEMA_VERSION, header.version());
        assertEquals(templateId, header.templateId());
        return OFFSET + MessageHeaderDecoder.ENCODED_LENGTH;
    }

    private static byte[] entryBody(final int i)
    {
        final byte[] bytes = new byte[i * 5];
        for (int b = 0; b < bytes.length; b++)
        {
            bytes[b] = (byte)(b + i);
        }
        return bytes;
    }

    private static void assertEntry(final int i, final long op, final long entryView, final long timestampNs, final byte[] body)
    {
        assertEquals(100 + i, op);
        assertEquals(200 + i, entryView);
        assertEquals(300 + i, timestampNs);
        assertArrayEquals(entryBody(i), body);
    }

    @Test
    void prepareRoundTripsWithEntries()
    {
        final PrepareEncoder encoder = new PrepareEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .partitionId(1).replica(2).view(3).commitOp(4);
        final PrepareEncoder.EntriesEncoder entries = encoder.entriesCount(ENTRIES);
        for (int i = 0; i < ENTRIES; i++)
        {
            final byte[] body = entryBody(i);
            entries.next().op(100 + i).entryView(200 + i).timestampNs(300 + i).putBody(body, 0, body.length);
        }
        final PrepareDecoder decoder = new PrepareDecoder().wrap(
            buffer, body(PrepareDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(1, decoder.partitionId());
        assertEquals(2, decoder.replica());
        assertEquals(3, decoder.view());
        assertEquals(4, decoder.commitOp());
        int i = 0;
        for (final PrepareDecoder.EntriesDecoder entry : decoder.entries())
        {
            final byte[] body = new byte[entry.bodyLength()];
            entry.getBody(body, 0, body.length);
            assertEntry(i++, entry.op(), entry.entryView(), entry.timestampNs(), body);
        }
        assertEquals(ENTRIES, i);
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void doViewChangeRoundTripsWithEntries()
    {
        final DoViewChangeEncoder encoder = new DoViewChangeEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .partitionId(1).replica(2).view(3).lastNormalView(4).op(5).commitOp(6);
        final DoViewChangeEncoder.EntriesEncoder entries = encoder.entriesCount(ENTRIES);
        for (int i = 0; i < ENTRIES; i++)
        {
            final byte[] body = entryBody(i);
            entries.next().op(100 + i).entryView(200 + i).timestampNs(300 + i).putBody(body, 0, body.length);
        }
        final DoViewChangeDecoder decoder = new DoViewChangeDecoder().wrap(
            buffer, body(DoViewChangeDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(1, decoder.partitionId());
        assertEquals(2, decoder.replica());
        assertEquals(3, decoder.view());
        assertEquals(4, decoder.lastNormalView());
        assertEquals(5, decoder.op());
        assertEquals(6, decoder.commitOp());
        int i = 0;
        for (final DoViewChangeDecoder.EntriesDecoder entry : decoder.entries())
        {
            final byte[] body = new byte[entry.bodyLength()];
            entry.getBody(body, 0, body.length);
            assertEntry(i++, entry.op(), entry.entryView(), entry.timestampNs(), body);
        }
        assertEquals(ENTRIES, i);
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void startViewRoundTripsWithEntries()
    {
        final StartViewEncoder encoder = new StartViewEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .partitionId(1).replica(2).view(3).op(4).commitOp(5);
        final StartViewEncoder.EntriesEncoder entries = encoder.entriesCount(ENTRIES);
        for (int i = 0; i < ENTRIES; i++)
        {
            final byte[] body = entryBody(i);
            entries.next().op(100 + i).entryView(200 + i).timestampNs(300 + i).putBody(body, 0, body.length);
        }
        final StartViewDecoder decoder = new StartViewDecoder().wrap(
            buffer, body(StartViewDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(1, decoder.partitionId());
        assertEquals(2, decoder.replica());
        assertEquals(3, decoder.view());
        assertEquals(4, decoder.op());
        assertEquals(5, decoder.commitOp());
        int i = 0;
        for (final StartViewDecoder.EntriesDecoder entry : decoder.entries())
        {
            final byte[] body = new byte[entry.bodyLength()];
            entry.getBody(body, 0, body.length);
            assertEntry(i++, entry.op(), entry.entryView(), entry.timestampNs(), body);
        }
        assertEquals(ENTRIES, i);
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void newStateRoundTripsWithEntriesAndStatus()
    {
        final NewStateEncoder encoder = new NewStateEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .partitionId(1).replica(2).view(3).fromOp(4).op(5).commitOp(6).status(StateStatus.SNAPSHOT_REQUIRED)
            .committedOnly(BooleanType.TRUE);
        final NewStateEncoder.EntriesEncoder entries = encoder.entriesCount(ENTRIES);
        for (int i = 0; i < ENTRIES; i++)
        {
            final byte[] body = entryBody(i);
            entries.next().op(100 + i).entryView(200 + i).timestampNs(300 + i).putBody(body, 0, body.length);
        }
        final NewStateDecoder decoder = new NewStateDecoder().wrap(
            buffer, body(NewStateDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(1, decoder.partitionId());
        assertEquals(2, decoder.replica());
        assertEquals(3, decoder.view());
        assertEquals(4, decoder.fromOp());
        assertEquals(5, decoder.op());
        assertEquals(6, decoder.commitOp());
        assertEquals(StateStatus.SNAPSHOT_REQUIRED, decoder.status());
        assertEquals(BooleanType.TRUE, decoder.committedOnly());
        int i = 0;
        for (final NewStateDecoder.EntriesDecoder entry : decoder.entries())
        {
            final byte[] body = new byte[entry.bodyLength()];
            entry.getBody(body, 0, body.length);
            assertEntry(i++, entry.op(), entry.entryView(), entry.timestampNs(), body);
        }
        assertEquals(ENTRIES, i);
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void fixedLengthMessagesRoundTrip()
    {
        new PrepareOkEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder).partitionId(1).replica(2).view(3).op(4);
        final PrepareOkDecoder prepareOk = new PrepareOkDecoder().wrap(
            buffer, body(PrepareOkDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(1, prepareOk.partitionId());
        assertEquals(2, prepareOk.replica());
        assertEquals(3, prepareOk.view());
        assertEquals(4, prepareOk.op());

        new CommitEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder).partitionId(5).replica(6).view(7).commitOp(8);
        final CommitDecoder commit = new CommitDecoder().wrap(
            buffer, body(CommitDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(5, commit.partitionId());
        assertEquals(6, commit.replica());
        assertEquals(7, commit.view());
        assertEquals(8, commit.commitOp());

        new StartViewChangeEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder).partitionId(9).replica(10).view(11);
        final StartViewChangeDecoder startViewChange = new StartViewChangeDecoder().wrap(
            buffer, body(StartViewChangeDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(9, startViewChange.partitionId());
        assertEquals(10, startViewChange.replica());
        assertEquals(11, startViewChange.view());

        new RecoveryEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder).partitionId(12).replica(13).nonce(14);
        final RecoveryDecoder recovery = new RecoveryDecoder().wrap(
            buffer, body(RecoveryDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(12, recovery.partitionId());
        assertEquals(13, recovery.replica());
        assertEquals(14, recovery.nonce());

        new RecoveryResponseEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .partitionId(15).replica(16).view(17).nonce(18).op(19).commitOp(20);
        final RecoveryResponseDecoder response = new RecoveryResponseDecoder().wrap(
            buffer, body(RecoveryResponseDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(15, response.partitionId());
        assertEquals(16, response.replica());
        assertEquals(17, response.view());
        assertEquals(18, response.nonce());
        assertEquals(19, response.op());
        assertEquals(20, response.commitOp());

        new GetStateEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .partitionId(21).replica(22).view(23).fromOp(24).committedOnly(BooleanType.FALSE);
        final GetStateDecoder getState = new GetStateDecoder().wrap(
            buffer, body(GetStateDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(21, getState.partitionId());
        assertEquals(22, getState.replica());
        assertEquals(23, getState.view());
        assertEquals(24, getState.fromOp());
        assertEquals(BooleanType.FALSE, getState.committedOnly());

        new GetSnapshotEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .partitionId(25).replica(26).view(27).snapshotOp(28).position(29);
        final GetSnapshotDecoder getSnapshot = new GetSnapshotDecoder().wrap(
            buffer, body(GetSnapshotDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(25, getSnapshot.partitionId());
        assertEquals(26, getSnapshot.replica());
        assertEquals(27, getSnapshot.view());
        assertEquals(28, getSnapshot.snapshotOp());
        assertEquals(29, getSnapshot.position());
    }

    @Test
    void snapshotChunkRoundTrips()
    {
        final byte[] chunk = entryBody(7);
        final SnapshotChunkEncoder encoder = new SnapshotChunkEncoder().wrapAndApplyHeader(buffer, OFFSET, headerEncoder)
            .partitionId(1).replica(2).view(3).snapshotOp(4).snapshotLength(5L << 32).position(6).status(StateStatus.ENTRIES)
            .putChunk(chunk, 0, chunk.length);
        final SnapshotChunkDecoder decoder = new SnapshotChunkDecoder().wrap(
            buffer, body(SnapshotChunkDecoder.TEMPLATE_ID), header.blockLength(), header.version());
        assertEquals(1, decoder.partitionId());
        assertEquals(2, decoder.replica());
        assertEquals(3, decoder.view());
        assertEquals(4, decoder.snapshotOp());
        assertEquals(5L << 32, decoder.snapshotLength());
        assertEquals(6, decoder.position());
        assertEquals(StateStatus.ENTRIES, decoder.status());
        final byte[] decoded = new byte[decoder.chunkLength()];
        decoder.getChunk(decoded, 0, decoded.length);
        assertArrayEquals(chunk, decoded);
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }
}
