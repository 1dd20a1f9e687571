package io.anthill.replication.sim;

import java.util.HashMap;
import java.util.Map;

import io.anthill.engine.Alarms;
import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The applied layer above the core on one replica, standing in for the engine's session table: committed entries
 * are applied in op order through the {@link BankStateMachine}; a (session, request) seen before is not applied
 * again, and its first response is answered instead (exactly-once across client retries).
 *
 * <p>Entry body: session id (long), request id (long), then the bank payload.
 */
final class AppliedLedger implements Command, CommandContext
{
    static final int HEADER_LENGTH = 16;

    /** What applying one op produced. */
    static final class Outcome
    {
        long sessionId;
        long requestId;
        boolean duplicate;
        final byte[] response = new byte[BankStateMachine.RESPONSE_LENGTH];
    }

    private final BankStateMachine bank;
    private final Map<Long, Long> lastRequestBySession = new HashMap<>();
    private final Map<Long, byte[]> lastResponseBySession = new HashMap<>();
    private final UnsafeBuffer payload = new UnsafeBuffer(0, 0);
    private final Outcome outcome = new Outcome();
    private long appliedOp;
    private long sessionId;
    private long requestId;
    private long timestampNs;
    private boolean responded;

    AppliedLedger(final int accounts)
    {
        bank = new BankStateMachine(accounts);
    }

    long appliedOp()
    {
        return appliedOp;
    }

    BankStateMachine bank()
    {
        return bank;
    }

    /**
     * @return the response already given to this request, or null if it was never applied.
     */
    byte[] appliedResponse(final long session, final long request)
    {
        final Long last = lastRequestBySession.get(session);
        return last != null && last == request ? lastResponseBySession.get(session) : null;
    }

    boolean isApplied(final long session, final long request)
    {
        final Long last = lastRequestBySession.get(session);
        return last != null && last >= request;
    }

    Outcome apply(final long op, final long entryTimestampNs, final byte[] body)
    {
        if (op != appliedOp + 1)
        {
            throw new IllegalStateException("applied out of order: " + op + " after " + appliedOp);
        }
        appliedOp = op;
        final UnsafeBuffer buffer = new UnsafeBuffer(body);
        sessionId = buffer.getLong(0);
        requestId = buffer.getLong(8);
        outcome.sessionId = sessionId;
        outcome.requestId = requestId;
        final Long last = lastRequestBySession.get(sessionId);
        if (last != null && last >= requestId)
        {
            outcome.duplicate = true;
            final byte[] cached = last == requestId ? lastResponseBySession.get(sessionId) : null;
            java.util.Arrays.fill(outcome.response, (byte)0);
            if (cached != null)
            {
                System.arraycopy(cached, 0, outcome.response, 0, cached.length);
            }
            return outcome;
        }
        outcome.duplicate = false;
        timestampNs = entryTimestampNs;
        payload.wrap(body, HEADER_LENGTH, body.length - HEADER_LENGTH);
        responded = false;
        bank.onCommand(this, this);
        if (!responded)
        {
            throw new IllegalStateException("state machine gave no response at op " + op);
        }
        lastRequestBySession.put(sessionId, requestId);
        lastResponseBySession.put(sessionId, outcome.response.clone());
        return outcome;
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
        return appliedOp;
    }

    @Override
    public DirectBuffer payload()
    {
        return payload;
    }

    @Override
    public int payloadOffset()
    {
        return 0;
    }

    @Override
    public int payloadLength()
    {
        return payload.capacity();
    }

    @Override
    public boolean isReplaying()
    {
        return false;
    }

    @Override
    public void emitEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        // the simulator keeps no read models
    }

    @Override
    public void respond(final DirectBuffer buffer, final int offset, final int length)
    {
        if (responded)
        {
            throw new IllegalStateException("second response");
        }
        responded = true;
        buffer.getBytes(offset, outcome.response, 0, Math.min(length, outcome.response.length));
    }

    @Override
    public Alarms alarms()
    {
        throw new UnsupportedOperationException("the bank uses no alarms");
    }
}
