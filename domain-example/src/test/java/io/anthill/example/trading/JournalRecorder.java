package io.anthill.example.trading;

import io.anthill.codecs.journal.ClientCommandEncoder;
import io.anthill.codecs.journal.MessageHeaderEncoder;
import io.anthill.codecs.journal.TimerTickEncoder;
import io.anthill.engine.StateMachineHarness;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * An in-memory journal of one partition: each op is encoded as the engine's journal body (a {@code ClientCommand} or
 * {@code TimerTick} of the journal schema), appended, and then applied from the appended bytes, so the live run
 * applies exactly what a replay reads back. Entries are framed as (timestamp, length, body).
 */
final class JournalRecorder
{
    private static final int FRAME_LENGTH = Long.BYTES + Integer.BYTES;

    private final ExpandableArrayBuffer journal = new ExpandableArrayBuffer(1 << 20);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ClientCommandEncoder clientCommand = new ClientCommandEncoder();
    private final TimerTickEncoder timerTick = new TimerTickEncoder();
    private int journalLength;
    private long entryCount;

    StateMachineHarness.Outcome command(
        final StateMachineHarness harness, final long sessionId, final long requestId, final long timestampNs,
        final DirectBuffer payload, final int offset, final int length)
    {
        final int bodyOffset = journalLength + FRAME_LENGTH;
        clientCommand.wrapAndApplyHeader(journal, bodyOffset, header).sessionId(sessionId).requestId(requestId)
            .putPayload(payload, offset, length);
        return append(harness, timestampNs, MessageHeaderEncoder.ENCODED_LENGTH + clientCommand.encodedLength());
    }

    StateMachineHarness.Outcome tick(final StateMachineHarness harness, final long timestampNs, final int catchUpLimit)
    {
        timerTick.wrapAndApplyHeader(journal, journalLength + FRAME_LENGTH, header).catchUpLimit(catchUpLimit);
        return append(harness, timestampNs, MessageHeaderEncoder.ENCODED_LENGTH + timerTick.encodedLength());
    }

    /**
     * Applies every recorded entry, in order, to a fresh partition, as recovery does.
     *
     * @return the entries replayed.
     */
    long replay(final StateMachineHarness harness)
    {
        long op = harness.appliedOp();
        int position = 0;
        while (position < journalLength)
        {
            final long timestampNs = journal.getLong(position);
            final int length = journal.getInt(position + Long.BYTES);
            harness.applyEntry(++op, timestampNs, true, journal, position + FRAME_LENGTH, length);
            position += FRAME_LENGTH + length;
        }
        return op;
    }

    long entryCount()
    {
        return entryCount;
    }

    int journalLength()
    {
        return journalLength;
    }

    private StateMachineHarness.Outcome append(final StateMachineHarness harness, final long timestampNs, final int bodyLength)
    {
        final int bodyOffset = journalLength + FRAME_LENGTH;
        journal.putLong(journalLength, timestampNs);
        journal.putInt(journalLength + Long.BYTES, bodyLength);
        journalLength = bodyOffset + bodyLength;
        entryCount++;
        return harness.applyEntry(harness.appliedOp() + 1, timestampNs, false, journal, bodyOffset, bodyLength);
    }
}
