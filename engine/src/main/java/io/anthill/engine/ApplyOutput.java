package io.anthill.engine;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What applying one entry produced: the client outcome and the events for the read models. One lives in every ring
 * slot and is reused, so applying allocates nothing once the buffers have grown to their working size (bounded by
 * the response and events limits).
 */
final class ApplyOutput
{
    /** Bytes of framing before each event: its length. */
    static final int EVENT_HEADER_LENGTH = Integer.BYTES;
    private static final int INITIAL_CAPACITY = 256;
    private static final OutcomeKind[] KINDS = OutcomeKind.values();
    private static final int NO_ERROR_CODE = -1;

    private final ExpandableArrayBuffer response = new ExpandableArrayBuffer(INITIAL_CAPACITY);
    private final ExpandableArrayBuffer events = new ExpandableArrayBuffer(INITIAL_CAPACITY);
    // the kind and error code as ints, not enum references: a reference stored into this long-lived object costs a
    // G1 card-marking barrier with a StoreLoad fence, and reset() plus respond() ran two of them per applied entry
    private int kind = OutcomeKind.NONE.ordinal();
    private int errorCode = NO_ERROR_CODE;
    private long sessionId;
    private long requestId;
    private long position;
    private int responseLength;
    private int eventsLength;
    private int eventCount;

    void reset()
    {
        kind = OutcomeKind.NONE.ordinal();
        errorCode = NO_ERROR_CODE;
        sessionId = 0;
        requestId = 0;
        position = 0;
        responseLength = 0;
        eventsLength = 0;
        eventCount = 0;
    }

    void client(final long sessionId, final long requestId, final long position)
    {
        this.sessionId = sessionId;
        this.requestId = requestId;
        this.position = position;
    }

    void respond(final DirectBuffer buffer, final int offset, final int length, final long position)
    {
        kind = OutcomeKind.RESPONSE.ordinal();
        this.position = position;
        response.putBytes(0, buffer, offset, length);
        responseLength = length;
    }

    void reject(final ErrorCode code, final long position)
    {
        kind = OutcomeKind.REJECTED.ordinal();
        errorCode = code.value();
        this.position = position;
        responseLength = 0;
    }

    void appendEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        events.putInt(eventsLength, length);
        events.putBytes(eventsLength + EVENT_HEADER_LENGTH, buffer, offset, length);
        eventsLength += EVENT_HEADER_LENGTH + length;
        eventCount++;
    }

    void discardEvents()
    {
        truncateEvents(0, 0);
    }

    /**
     * Drops the events emitted after the given mark, taken from {@link #eventsLength()} and {@link #eventCount()}.
     */
    void truncateEvents(final int length, final int count)
    {
        eventsLength = length;
        eventCount = count;
    }

    OutcomeKind kind()
    {
        return KINDS[kind];
    }

    /**
     * @return the refusal's code when {@link #kind()} is REJECTED, else null.
     */
    ErrorCode errorCode()
    {
        return errorCode == NO_ERROR_CODE ? null : ErrorCodes.of(errorCode);
    }

    /**
     * @return the refusal's code as the session table stores it: 0 unless {@link #kind()} is REJECTED.
     */
    int errorCodeValue()
    {
        return kind == OutcomeKind.REJECTED.ordinal() ? errorCode : 0;
    }

    long sessionId()
    {
        return sessionId;
    }

    long requestId()
    {
        return requestId;
    }

    long position()
    {
        return position;
    }

    MutableDirectBuffer response()
    {
        return response;
    }

    int responseLength()
    {
        return responseLength;
    }

    DirectBuffer events()
    {
        return events;
    }

    int eventsLength()
    {
        return eventsLength;
    }

    int eventCount()
    {
        return eventCount;
    }
}
