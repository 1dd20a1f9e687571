package io.anthill.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Drives a {@link StateMachine} and its {@link Projection}s exactly as a partition's ring does, on the caller's thread
 * and without a ring, journal or clock: commands are encoded into the same journal bodies and applied by the same
 * deterministic core (sessions, exactly-once, alarms, snapshots). Made for unit tests of user state machines
 * ("given these commands, expect these events and this response") and for simulators that must run the production
 * business logic on one thread.
 */
public final class StateMachineHarness
{
    private final PartitionLogic logic;
    private final Projection[] projections;
    private final PartitionEvent entry = new PartitionEvent();
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(1024);
    private final int alarmCatchUpLimit;
    private final List<Throwable> errors = new ArrayList<>();

    /**
     * @param stateMachine the business logic under test.
     * @param projections  read models fed the emitted events, in order.
     */
    public StateMachineHarness(final StateMachine stateMachine, final Projection... projections)
    {
        this.logic = new PartitionLogic(stateMachine, LogicLimits.defaults(), errors::add);
        this.projections = projections.clone();
        this.alarmCatchUpLimit = PartitionConfiguration.alarmCatchUpLimit();
    }

    /**
     * Applies a client command as the next op.
     *
     * @param sessionId   the client session.
     * @param requestId   the request id; a repeat of an applied one is answered from the session table.
     * @param timestampNs the primary's timestamp the state machine sees.
     * @param payload     the command payload.
     * @param offset      where it starts.
     * @param length      its length.
     * @return what applying it produced.
     */
    public Outcome command(
        final long sessionId, final long requestId, final long timestampNs,
        final DirectBuffer payload, final int offset, final int length)
    {
        entry.bodyLength = entry.bodyEncoder.clientCommand(entry.body, sessionId, requestId, payload, offset, length);
        return applyEntry(logic.appliedOp() + 1, timestampNs, false, entry.body, 0, entry.bodyLength);
    }

    /**
     * Applies a timer tick as the next op: fires alarms due at or before the timestamp, in (deadline, id) order, up to
     * the configured catch-up limit.
     *
     * @param timestampNs the tick's timestamp.
     * @return what applying it produced (events of the fired alarms).
     */
    public Outcome tick(final long timestampNs)
    {
        entry.bodyLength = entry.bodyEncoder.timerTick(entry.body, alarmCatchUpLimit);
        return applyEntry(logic.appliedOp() + 1, timestampNs, false, entry.body, 0, entry.bodyLength);
    }

    /**
     * Applies an entry already encoded as a journal body (as read from a journal or received from a primary).
     *
     * @param op          must be {@link #appliedOp()} + 1.
     * @param timestampNs the entry's timestamp.
     * @param replaying   true to apply it as recovery does (the state machine sees isReplaying()).
     * @param body        the SBE journal body, header included.
     * @param offset      where it starts.
     * @param length      its length.
     * @return what applying it produced.
     */
    public Outcome applyEntry(
        final long op, final long timestampNs, final boolean replaying,
        final DirectBuffer body, final int offset, final int length)
    {
        final ApplyOutput output = entry.output;
        output.reset();
        logic.apply(op, timestampNs, replaying, body, offset, length, output);
        final List<byte[]> events = new ArrayList<>(output.eventCount());
        final DirectBuffer eventBuffer = output.events();
        int eventOffset = 0;
        while (eventOffset < output.eventsLength())
        {
            final int eventLength = eventBuffer.getInt(eventOffset);
            final int start = eventOffset + ApplyOutput.EVENT_HEADER_LENGTH;
            final byte[] event = new byte[eventLength];
            eventBuffer.getBytes(start, event);
            events.add(event);
            for (final Projection projection : projections)
            {
                projection.onEvent(op, eventBuffer, start, eventLength);
            }
            eventOffset = start + eventLength;
        }
        final byte[] response = new byte[output.responseLength()];
        output.response().getBytes(0, response);
        final long position = output.kind() == OutcomeKind.NONE ? op : output.position();
        return new Outcome(position, output.kind() == OutcomeKind.RESPONSE, output.kind() == OutcomeKind.REJECTED ?
            output.errorCode() : null, response, events);
    }

    /**
     * @return the partition's encoded snapshot (sessions, alarms and the state machine's state) at {@link #appliedOp()}.
     */
    public byte[] snapshot()
    {
        final int length = logic.snapshotCodec().encode(snapshotBuffer);
        final byte[] copy = new byte[length];
        snapshotBuffer.getBytes(0, copy);
        return copy;
    }

    /**
     * Replaces the whole state with a snapshot from {@link #snapshot()}.
     *
     * @param snapshot      the encoded snapshot.
     * @param op            the op it was taken at; the next applied op is op + 1.
     * @param formatVersion the state machine's snapshot format version it was written with.
     */
    public void restore(final byte[] snapshot, final long op, final int formatVersion)
    {
        logic.loadSnapshot(op, new UnsafeBuffer(snapshot), 0, snapshot.length, formatVersion);
    }

    /**
     * @return the last applied op.
     */
    public long appliedOp()
    {
        return logic.appliedOp();
    }

    /**
     * @return the digest of the whole partition state: equal after the same entries, on any replica or replay.
     */
    public long digest()
    {
        return logic.digest();
    }

    /**
     * @return the alarms currently scheduled, to inspect in tests.
     */
    public Alarms alarms()
    {
        return logic.alarms();
    }

    /**
     * @return exceptions the state machine threw (each answered INTERNAL_ERROR), in order.
     */
    public List<Throwable> stateMachineErrors()
    {
        return errors;
    }

    /**
     * What one applied entry produced, copied out so a test may keep it.
     *
     * @param position  the op the command was applied at: for a retry, the original op.
     * @param responded true if a response was given (fresh or remembered).
     * @param rejection the typed refusal, or null.
     * @param response  the response bytes (empty when rejected or for an alarm).
     * @param events    the emitted events, in order.
     */
    public record Outcome(long position, boolean responded, ErrorCode rejection, byte[] response, List<byte[]> events)
    {
        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Outcome that && position == that.position && responded == that.responded &&
                rejection == that.rejection && Arrays.equals(response, that.response) && eventsEqual(that.events);
        }

        private boolean eventsEqual(final List<byte[]> others)
        {
            if (events.size() != others.size())
            {
                return false;
            }
            for (int i = 0; i < events.size(); i++)
            {
                if (!Arrays.equals(events.get(i), others.get(i)))
                {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode()
        {
            int hash = Long.hashCode(position) * 31 + Arrays.hashCode(response);
            for (final byte[] event : events)
            {
                hash = hash * 31 + Arrays.hashCode(event);
            }
            return hash;
        }

        @Override
        public String toString()
        {
            return "Outcome{position=" + position + ", responded=" + responded + ", rejection=" + rejection +
                ", responseLength=" + response.length + ", events=" + events.size() + "}";
        }
    }
}
