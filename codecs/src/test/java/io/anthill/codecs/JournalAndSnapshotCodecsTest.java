package io.anthill.codecs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anthill.codecs.journal.ClientCommandDecoder;
import io.anthill.codecs.journal.ClientCommandEncoder;
import io.anthill.codecs.journal.JournalEntryHeaderDecoder;
import io.anthill.codecs.journal.JournalEntryHeaderEncoder;
import io.anthill.codecs.journal.NoopDecoder;
import io.anthill.codecs.journal.NoopEncoder;
import io.anthill.codecs.journal.SuffixTruncatedDecoder;
import io.anthill.codecs.journal.SuffixTruncatedEncoder;
import io.anthill.codecs.journal.TimerFiredDecoder;
import io.anthill.codecs.journal.TimerFiredEncoder;
import io.anthill.codecs.journal.TimerTickDecoder;
import io.anthill.codecs.journal.TimerTickEncoder;
import io.anthill.codecs.journal.TruncationReason;
import io.anthill.codecs.snapshot.PartitionSnapshotDecoder;
import io.anthill.codecs.snapshot.PartitionSnapshotEncoder;
import io.anthill.codecs.snapshot.SnapshotHeaderDecoder;
import io.anthill.codecs.snapshot.SnapshotHeaderEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * Every journal and snapshot schema message survives encode then decode through the decode idiom.
 */
class JournalAndSnapshotCodecsTest
{
    private static final int OFFSET = 8;
    private static final byte[] BYTES = {1, 2, 3, (byte)0xff, 0, 42};

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final io.anthill.codecs.journal.MessageHeaderEncoder journalHeaderEncoder =
        new io.anthill.codecs.journal.MessageHeaderEncoder();
    private final io.anthill.codecs.journal.MessageHeaderDecoder journalHeader = new io.anthill.codecs.journal.MessageHeaderDecoder();
    private final io.anthill.codecs.snapshot.MessageHeaderEncoder snapshotHeaderEncoder =
        new io.anthill.codecs.snapshot.MessageHeaderEncoder();
    private final io.anthill.codecs.snapshot.MessageHeaderDecoder snapshotHeader = new io.anthill.codecs.snapshot.MessageHeaderDecoder();

    private int journalBody(final int templateId)
    {
        journalHeader.wrap(buffer, OFFSET);
        assertEquals(io.anthill.codecs.journal.MessageHeaderDecoder.SCHEMA_ID, journalHeader.schemaId());
        assertEquals(templateId, journalHeader.templateId());
        return OFFSET + io.anthill.codecs.journal.MessageHeaderDecoder.ENCODED_LENGTH;
    }

    private int snapshotBody(final int templateId)
    {
        snapshotHeader.wrap(buffer, OFFSET);
        assertEquals(io.anthill.codecs.snapshot.MessageHeaderDecoder.SCHEMA_ID, snapshotHeader.schemaId());
        assertEquals(templateId, snapshotHeader.templateId());
        return OFFSET + io.anthill.codecs.snapshot.MessageHeaderDecoder.ENCODED_LENGTH;
    }

    @Test
    void journalEntryHeaderRoundTrips()
    {
        final JournalEntryHeaderEncoder encoder = new JournalEntryHeaderEncoder().wrapAndApplyHeader(buffer, OFFSET, journalHeaderEncoder)
            .partitionId(5).checksum(0xFFFF_FFFEL).view(6).op(7).timestampNs(8).bodyLength(9);
        final JournalEntryHeaderDecoder decoder = new JournalEntryHeaderDecoder().wrap(
            buffer, journalBody(JournalEntryHeaderDecoder.TEMPLATE_ID), journalHeader.blockLength(), journalHeader.version());
        assertEquals(5, decoder.partitionId());
        assertEquals(0xFFFF_FFFEL, decoder.checksum(), "uint32 checksum keeps its top bit");
        assertEquals(6, decoder.view());
        assertEquals(7, decoder.op());
        assertEquals(8, decoder.timestampNs());
        assertEquals(9, decoder.bodyLength());
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void journalBodiesRoundTrip()
    {
        final ClientCommandEncoder command = new ClientCommandEncoder().wrapAndApplyHeader(buffer, OFFSET, journalHeaderEncoder)
            .sessionId(10).requestId(11).putPayload(BYTES, 0, BYTES.length);
        final ClientCommandDecoder commandDecoder = new ClientCommandDecoder().wrap(
            buffer, journalBody(ClientCommandDecoder.TEMPLATE_ID), journalHeader.blockLength(), journalHeader.version());
        assertEquals(10, commandDecoder.sessionId());
        assertEquals(11, commandDecoder.requestId());
        final byte[] payload = new byte[commandDecoder.payloadLength()];
        commandDecoder.getPayload(payload, 0, payload.length);
        assertArrayEquals(BYTES, payload);
        assertEquals(command.encodedLength(), commandDecoder.sbeDecodedLength());

        new TimerFiredEncoder().wrapAndApplyHeader(buffer, OFFSET, journalHeaderEncoder).alarmId(12).deadlineNs(13);
        final TimerFiredDecoder fired = new TimerFiredDecoder().wrap(
            buffer, journalBody(TimerFiredDecoder.TEMPLATE_ID), journalHeader.blockLength(), journalHeader.version());
        assertEquals(12, fired.alarmId());
        assertEquals(13, fired.deadlineNs());

        new NoopEncoder().wrapAndApplyHeader(buffer, OFFSET, journalHeaderEncoder).reason(14);
        final NoopDecoder noop = new NoopDecoder().wrap(
            buffer, journalBody(NoopDecoder.TEMPLATE_ID), journalHeader.blockLength(), journalHeader.version());
        assertEquals(14, noop.reason());

        new TimerTickEncoder().wrapAndApplyHeader(buffer, OFFSET, journalHeaderEncoder).catchUpLimit(15);
        final TimerTickDecoder tick = new TimerTickDecoder().wrap(
            buffer, journalBody(TimerTickDecoder.TEMPLATE_ID), journalHeader.blockLength(), journalHeader.version());
        assertEquals(15, tick.catchUpLimit());
    }

    @Test
    void suffixTruncatedMarkerRoundTripsEveryReason()
    {
        for (final TruncationReason reason : new TruncationReason[]{TruncationReason.SUFFIX_REPLACED, TruncationReason.TORN_TAIL})
        {
            new SuffixTruncatedEncoder().wrapAndApplyHeader(buffer, OFFSET, journalHeaderEncoder)
                .partitionId(16).checksum(17).view(18).afterOp(19).reason(reason);
            final SuffixTruncatedDecoder decoder = new SuffixTruncatedDecoder().wrap(
                buffer, journalBody(SuffixTruncatedDecoder.TEMPLATE_ID), journalHeader.blockLength(), journalHeader.version());
            assertEquals(16, decoder.partitionId());
            assertEquals(17, decoder.checksum());
            assertEquals(18, decoder.view());
            assertEquals(19, decoder.afterOp());
            assertEquals(reason, decoder.reason());
        }
    }

    @Test
    void snapshotHeaderRoundTrips()
    {
        final SnapshotHeaderEncoder encoder = new SnapshotHeaderEncoder().wrapAndApplyHeader(buffer, OFFSET, snapshotHeaderEncoder)
            .partitionId(20).checksum(21).view(22).op(23).timestampNs(24).stateLength(1L << 33).stateFormatVersion(25);
        final SnapshotHeaderDecoder decoder = new SnapshotHeaderDecoder().wrap(
            buffer, snapshotBody(SnapshotHeaderDecoder.TEMPLATE_ID), snapshotHeader.blockLength(), snapshotHeader.version());
        assertEquals(20, decoder.partitionId());
        assertEquals(21, decoder.checksum());
        assertEquals(22, decoder.view());
        assertEquals(23, decoder.op());
        assertEquals(24, decoder.timestampNs());
        assertEquals(1L << 33, decoder.stateLength());
        assertEquals(25, decoder.stateFormatVersion());
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }

    @Test
    void partitionSnapshotRoundTripsNestedGroups()
    {
        final PartitionSnapshotEncoder encoder = new PartitionSnapshotEncoder().wrapAndApplyHeader(buffer, OFFSET, snapshotHeaderEncoder);
        final PartitionSnapshotEncoder.SessionsEncoder sessions = encoder.sessionsCount(2);
        for (int s = 0; s < 2; s++)
        {
            sessions.next().sessionId(100 + s).highestRequestId(200 + s).lastActiveOp(300 + s);
            final PartitionSnapshotEncoder.SessionsEncoder.ResponsesEncoder responses = sessions.responsesCount(s + 1);
            for (int r = 0; r <= s; r++)
            {
                responses.next().requestId(400 + r).position(500 + r).errorCode(r).putResponse(BYTES, 0, r + 1);
            }
        }
        encoder.alarmsCount(1).next().alarmId(600).deadlineNs(700).putMetadata(BYTES, 2, 2);
        encoder.putStateMachineState(BYTES, 0, BYTES.length);

        final PartitionSnapshotDecoder decoder = new PartitionSnapshotDecoder().wrap(
            buffer, snapshotBody(PartitionSnapshotDecoder.TEMPLATE_ID), snapshotHeader.blockLength(), snapshotHeader.version());
        int s = 0;
        for (final PartitionSnapshotDecoder.SessionsDecoder session : decoder.sessions())
        {
            assertEquals(100 + s, session.sessionId());
            assertEquals(200 + s, session.highestRequestId());
            assertEquals(300 + s, session.lastActiveOp());
            int r = 0;
            for (final PartitionSnapshotDecoder.SessionsDecoder.ResponsesDecoder response : session.responses())
            {
                assertEquals(400 + r, response.requestId());
                assertEquals(500 + r, response.position());
                assertEquals(r, response.errorCode());
                final byte[] bytes = new byte[response.responseLength()];
                response.getResponse(bytes, 0, bytes.length);
                assertEquals(r + 1, bytes.length);
                r++;
            }
            assertEquals(s + 1, r);
            s++;
        }
        assertEquals(2, s);
        final PartitionSnapshotDecoder.AlarmsDecoder alarms = decoder.alarms();
        assertEquals(1, alarms.count());
        alarms.next();
        assertEquals(600, alarms.alarmId());
        assertEquals(700, alarms.deadlineNs());
        final byte[] metadata = new byte[alarms.metadataLength()];
        alarms.getMetadata(metadata, 0, metadata.length);
        assertArrayEquals(new byte[]{BYTES[2], BYTES[3]}, metadata);
        final byte[] state = new byte[decoder.stateMachineStateLength()];
        decoder.getStateMachineState(state, 0, state.length);
        assertArrayEquals(BYTES, state);
        assertEquals(encoder.encodedLength(), decoder.sbeDecodedLength());
    }
}
