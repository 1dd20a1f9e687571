package io.anthill.engine;

import io.anthill.codecs.journal.ClientCommandEncoder;
import io.anthill.codecs.journal.MessageHeaderEncoder;
import io.anthill.codecs.journal.NoopEncoder;
import io.anthill.codecs.journal.TimerTickEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes the journal bodies this node originates (client commands, timer ticks, control no-ops) into a buffer.
 * Each ring slot owns one, so concurrent publishers never share an encoder.
 */
final class JournalBodyEncoder
{
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ClientCommandEncoder clientCommand = new ClientCommandEncoder();
    private final TimerTickEncoder timerTick = new TimerTickEncoder();
    private final NoopEncoder noop = new NoopEncoder();

    /**
     * @return the encoded length.
     */
    int clientCommand(
        final MutableDirectBuffer into, final long sessionId, final long requestId,
        final DirectBuffer payload, final int offset, final int length)
    {
        clientCommand.wrapAndApplyHeader(into, 0, header)
            .sessionId(sessionId)
            .requestId(requestId)
            .putPayload(payload, offset, length);
        return MessageHeaderEncoder.ENCODED_LENGTH + clientCommand.encodedLength();
    }

    /**
     * @return the encoded length.
     */
    int timerTick(final MutableDirectBuffer into, final int catchUpLimit)
    {
        timerTick.wrapAndApplyHeader(into, 0, header).catchUpLimit(catchUpLimit);
        return MessageHeaderEncoder.ENCODED_LENGTH + timerTick.encodedLength();
    }

    /**
     * @return the encoded length.
     */
    int noop(final MutableDirectBuffer into, final int reason)
    {
        noop.wrapAndApplyHeader(into, 0, header).reason(reason);
        return MessageHeaderEncoder.ENCODED_LENGTH + noop.encodedLength();
    }

    /**
     * @return the longest body a client command with the given payload limit encodes to.
     */
    static int clientCommandLengthMax(final int payloadLengthMax)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + ClientCommandEncoder.BLOCK_LENGTH +
            ClientCommandEncoder.payloadHeaderLength() + payloadLengthMax;
    }
}
