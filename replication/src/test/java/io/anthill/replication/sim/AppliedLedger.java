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

    /**
     * @return the applied state as a snapshot: applied op, bank, dedup table (sorted: deterministic), CRC32C last.
     */
    byte[] snapshot()
    {
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(256);
        int at = 0;
        buffer.putLong(at, appliedOp);
        at += 8;
        final int bankLength = bank.writeSnapshot(buffer, at + 4);
        buffer.putInt(at, bankLength);
        at += 4 + bankLength;
        final java.util.TreeMap<Long, Long> sessions = new java.util.TreeMap<>(lastRequestBySession);
        buffer.putInt(at, sessions.size());
        at += 4;
        for (final Map.Entry<Long, Long> session : sessions.entrySet())
        {
            buffer.putLong(at, session.getKey());
            buffer.putLong(at + 8, session.getValue());
            buffer.putBytes(at + 16, lastResponseBySession.get(session.getKey()));
            at += 16 + BankStateMachine.RESPONSE_LENGTH;
        }
        final byte[] bytes = new byte[at + 4];
        buffer.getBytes(0, bytes, 0, at);
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, at);
        new UnsafeBuffer(bytes).putInt(at, (int)crc.getValue());
        return bytes;
    }

    static boolean isIntact(final byte[] snapshot)
    {
        if (snapshot.length < 4)
        {
            return false;
        }
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(snapshot, 0, snapshot.length - 4);
        return (int)crc.getValue() == new UnsafeBuffer(snapshot).getInt(snapshot.length - 4);
    }

    /**
     * Replaces the applied state with a snapshot made by {@link #snapshot()} (checked intact by the caller).
     */
    void load(final byte[] snapshot)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(snapshot);
        int at = 0;
        appliedOp = buffer.getLong(at);
        at += 8;
        final int bankLength = buffer.getInt(at);
        bank.loadSnapshot(buffer, at + 4, bankLength, 1);
        at += 4 + bankLength;
        final int sessions = buffer.getInt(at);
        at += 4;
        lastRequestBySession.clear();
        lastResponseBySession.clear();
        for (int i = 0; i < sessions; i++)
        {
            final long session = buffer.getLong(at);
            lastRequestBySession.put(session, buffer.getLong(at + 8));
            final byte[] response = new byte[BankStateMachine.RESPONSE_LENGTH];
            buffer.getBytes(at + 16, response);
            lastResponseBySession.put(session, response);
            at += 16 + BankStateMachine.RESPONSE_LENGTH;
        }
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
