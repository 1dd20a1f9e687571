package io.anthill.engine;

import io.anthill.codecs.snapshot.MessageHeaderDecoder;
import io.anthill.codecs.snapshot.MessageHeaderEncoder;
import io.anthill.codecs.snapshot.PartitionSnapshotDecoder;
import io.anthill.codecs.snapshot.PartitionSnapshotEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes and decodes the state bytes of a partition snapshot with the SBE {@code PartitionSnapshot} message: the
 * session table (least recently active first, so eviction order survives), the alarms in (deadline, id) order, and
 * the state machine's own encoding as opaque data.
 */
final class PartitionSnapshotCodec
{
    private static final int INITIAL_CAPACITY = 4096;

    private final StateMachine stateMachine;
    private final SessionTable sessions;
    private final AlarmTable alarms;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final PartitionSnapshotEncoder encoder = new PartitionSnapshotEncoder();
    private final PartitionSnapshotDecoder decoder = new PartitionSnapshotDecoder();
    private final ExpandableArrayBuffer stateMachineScratch = new ExpandableArrayBuffer(INITIAL_CAPACITY);
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    PartitionSnapshotCodec(final StateMachine stateMachine, final SessionTable sessions, final AlarmTable alarms)
    {
        this.stateMachine = stateMachine;
        this.sessions = sessions;
        this.alarms = alarms;
    }

    /**
     * @return the number of bytes written at offset 0 of {@code buffer}.
     */
    int encode(final MutableDirectBuffer buffer)
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder);
        final PartitionSnapshotEncoder.SessionsEncoder sessionsEncoder = encoder.sessionsCount(sessions.size());
        for (SessionRecord s = sessions.leastRecent(); s != null; s = s.newer)
        {
            sessionsEncoder.next()
                .sessionId(s.sessionId)
                .highestRequestId(s.highestRequestId)
                .lastActiveOp(s.lastActiveOp);
            final int remembered = s.rememberedCount();
            final PartitionSnapshotEncoder.SessionsEncoder.ResponsesEncoder responses =
                sessionsEncoder.responsesCount(remembered);
            for (int age = 0; age < remembered; age++)
            {
                final int slot = s.slotOfAge(age);
                responses.next()
                    .requestId(s.requestIds[slot])
                    .position(s.positions[slot])
                    .errorCode(s.errorCodes[slot])
                    .putResponse(s.responses[slot], 0, s.responseLengths[slot]);
            }
        }
        final PartitionSnapshotEncoder.AlarmsEncoder alarmsEncoder = encoder.alarmsCount(alarms.size());
        alarms.forEach((alarmId, deadlineNs, metadata, offset, length) ->
            alarmsEncoder.next().alarmId(alarmId).deadlineNs(deadlineNs).putMetadata(metadata, offset, length));
        final int stateLength = stateMachine.writeSnapshot(stateMachineScratch, 0);
        encoder.putStateMachineState(stateMachineScratch, 0, stateLength);
        return MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
    }

    void decode(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != PartitionSnapshotDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != PartitionSnapshotDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("not a partition snapshot: schema " + headerDecoder.schemaId() +
                ", template " + headerDecoder.templateId());
        }
        decoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        sessions.clear();
        alarms.clear();
        decodeSessions();
        for (final PartitionSnapshotDecoder.AlarmsDecoder alarm : decoder.alarms())
        {
            final long alarmId = alarm.alarmId();
            final long deadlineNs = alarm.deadlineNs();
            alarm.wrapMetadata(view);
            alarms.schedule(alarmId, deadlineNs, view, 0, view.capacity());
        }
        decoder.wrapStateMachineState(view);
        stateMachine.loadSnapshot(view, 0, view.capacity(), formatVersion);
        if (decoder.limit() > offset + length)
        {
            throw new IllegalStateException("partition snapshot overran its " + length + " bytes");
        }
    }

    private void decodeSessions()
    {
        for (final PartitionSnapshotDecoder.SessionsDecoder session : decoder.sessions())
        {
            final SessionRecord record = sessions.restore(
                session.sessionId(), session.highestRequestId(), session.lastActiveOp());
            for (final PartitionSnapshotDecoder.SessionsDecoder.ResponsesDecoder response : session.responses())
            {
                final int slot = record.nextSlot();
                record.requestIds[slot] = response.requestId();
                record.positions[slot] = response.position();
                record.errorCodes[slot] = response.errorCode();
                final int responseLength = response.responseLength();
                record.responseLengths[slot] = responseLength;
                response.getResponse(record.responses[slot], 0, responseLength);
            }
        }
    }
}
