package io.anthill.engine;

import org.agrona.DirectBuffer;

/**
 * The {@link Command} flyweight handed to the state machine: fields decoded from the journal body, payload left in
 * place. Reused for every command.
 */
final class JournaledCommand implements Command
{
    private long sessionId;
    private long requestId;
    private long timestampNs;
    private long position;
    private DirectBuffer payload;
    private int payloadOffset;
    private int payloadLength;

    void wrap(
        final long sessionId, final long requestId, final long timestampNs, final long position,
        final DirectBuffer payload, final int payloadOffset, final int payloadLength)
    {
        this.sessionId = sessionId;
        this.requestId = requestId;
        this.timestampNs = timestampNs;
        this.position = position;
        this.payload = payload;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    @Override
    public long sessionId()
    {
        return sessionId;
    }

    @Override
    public long requestId()
    {
        return requestId;
    }

    @Override
    public long timestampNs()
    {
        return timestampNs;
    }

    @Override
    public long position()
    {
        return position;
    }

    @Override
    public DirectBuffer payload()
    {
        return payload;
    }

    @Override
    public int payloadOffset()
    {
        return payloadOffset;
    }

    @Override
    public int payloadLength()
    {
        return payloadLength;
    }
}
