package io.anthill.engine;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.journal.ClientCommandDecoder;
import io.anthill.codecs.journal.MessageHeaderDecoder;
import io.anthill.codecs.journal.NoopDecoder;
import io.anthill.codecs.journal.TimerTickDecoder;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The deterministic core of a partition: applies journal entries, in op order, to the user's state machine, the
 * session table and the alarms. It reads no clock and touches no thread, so the ring, recovery replay and the
 * {@link StateMachineHarness} all drive the same code and the same log always yields the same {@link #digest()}.
 * <p>
 * State-machine error policy: an exception thrown by the state machine is deterministic (the same input throws
 * again on replay and on every replica), so it is part of the log's meaning. The command is answered with
 * INTERNAL_ERROR (remembered for retries), its events are dropped, whatever the state machine changed before
 * throwing stays, and the error is counted and reported. The partition keeps running. An {@link Error} is not
 * caught here: it is fatal and reaches the ring's error handler.
 */
final class PartitionLogic
{
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    private final StateMachine stateMachine;
    private final SessionTable sessions;
    private final AlarmTable alarms;
    private final ApplyContext context;
    private final ErrorHandler errorHandler;
    private final PartitionSnapshotCodec snapshotCodec;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final ClientCommandDecoder clientCommand = new ClientCommandDecoder();
    private final TimerTickDecoder timerTick = new TimerTickDecoder();
    private final NoopDecoder noop = new NoopDecoder();
    private final JournaledCommand command = new JournaledCommand();
    private final FiredAlarm firedAlarm = new FiredAlarm();
    private final LogicTallies tallies = new LogicTallies();
    private long appliedOp;
    private boolean snapshotRequested;

    PartitionLogic(
        final StateMachine stateMachine, final LogicLimits limits, final ErrorHandler errorHandler)
    {
        this.stateMachine = stateMachine;
        this.sessions = new SessionTable(limits.dedupSessionCapacity, limits.dedupResponsesPerSession);
        this.alarms = new AlarmTable(limits.alarmCapacity);
        this.context = new ApplyContext(alarms, limits.responseLengthMax, limits.eventsLengthMax);
        this.errorHandler = errorHandler;
        this.snapshotCodec = new PartitionSnapshotCodec(stateMachine, sessions, alarms);
    }

    /**
     * Applies the entry with the given op, which must follow the last applied op.
     */
    void apply(
        final long op, final long timestampNs, final boolean replaying,
        final DirectBuffer body, final int offset, final int length, final ApplyOutput output)
    {
        if (op != appliedOp + 1)
        {
            throw new IllegalStateException("op " + op + " applied after op " + appliedOp);
        }
        header.wrap(body, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            throw new IllegalStateException("op " + op + " has schema " + header.schemaId() + ", not a journal body");
        }
        final int bodyOffset = offset + header.encodedLength();
        switch (header.templateId())
        {
            case ClientCommandDecoder.TEMPLATE_ID:
                clientCommand.wrap(body, bodyOffset, header.blockLength(), header.version());
                applyClientCommand(op, timestampNs, replaying, body, output);
                break;
            case TimerTickDecoder.TEMPLATE_ID:
                timerTick.wrap(body, bodyOffset, header.blockLength(), header.version());
                fireDueAlarms(op, timestampNs, replaying, timerTick.catchUpLimit(), output);
                break;
            case NoopDecoder.TEMPLATE_ID:
                noop.wrap(body, bodyOffset, header.blockLength(), header.version());
                snapshotRequested |= noop.reason() == NoopReasons.SNAPSHOT_REQUEST;
                break;
            default:
                throw new IllegalStateException("op " + op + " has unknown journal template " + header.templateId());
        }
        appliedOp = op;
        tallies.entriesApplied++;
    }

    private void applyClientCommand(
        final long op, final long timestampNs, final boolean replaying, final DirectBuffer body,
        final ApplyOutput output)
    {
        final long sessionId = clientCommand.sessionId();
        final long requestId = clientCommand.requestId();
        output.client(sessionId, requestId, op);
        final DedupVerdict verdict = sessions.check(sessionId, requestId);
        if (verdict == DedupVerdict.DUPLICATE)
        {
            sessions.copyFound(output);
            tallies.duplicates++;
            return;
        }
        if (verdict == DedupVerdict.TOO_OLD)
        {
            output.reject(ErrorCode.REQUEST_TOO_OLD, op);
            tallies.requestsTooOld++;
            return;
        }
        final int payloadLength = clientCommand.payloadLength();
        final int payloadOffset = clientCommand.limit() + ClientCommandDecoder.payloadHeaderLength();
        command.wrap(sessionId, requestId, timestampNs, op, body, payloadOffset, payloadLength);
        context.bind(output, timestampNs, op, replaying, true);
        try
        {
            stateMachine.onCommand(command, context);
            if (!context.responded())
            {
                output.respond(EMPTY, 0, 0, op);
            }
        }
        catch (final RuntimeException ex)
        {
            output.discardEvents();
            output.reject(ErrorCode.INTERNAL_ERROR, op);
            reportStateMachineError(ex);
        }
        sessions.record(sessionId, requestId, op, output.errorCodeValue(), output.response(), output.responseLength());
        tallies.sessionsEvicted += sessions.drainEvictions();
    }

    private void fireDueAlarms(
        final long op, final long timestampNs, final boolean replaying, final int catchUpLimit,
        final ApplyOutput output)
    {
        tallies.timerTicks++;
        for (int fired = 0; fired < catchUpLimit && alarms.nextDeadlineNs() <= timestampNs; fired++)
        {
            alarms.pollEarliest(firedAlarm);
            final int eventsMark = output.eventsLength();
            final int countMark = output.eventCount();
            context.bind(output, timestampNs, op, replaying, false);
            try
            {
                stateMachine.onAlarm(firedAlarm.alarmId, firedAlarm.deadlineNs, firedAlarm.metadata, 0,
                    firedAlarm.metadataLength, context);
            }
            catch (final RuntimeException ex)
            {
                output.truncateEvents(eventsMark, countMark);
                reportStateMachineError(ex);
            }
            tallies.alarmsFired++;
        }
    }

    private void reportStateMachineError(final RuntimeException ex)
    {
        tallies.stateMachineErrors++;
        errorHandler.onError(ex);
    }

    /**
     * @return true once after a snapshot-request entry was applied.
     */
    boolean takeSnapshotRequest()
    {
        final boolean requested = snapshotRequested;
        snapshotRequested = false;
        return requested;
    }

    long appliedOp()
    {
        return appliedOp;
    }

    long nextAlarmDeadlineNs()
    {
        return alarms.nextDeadlineNs();
    }

    LogicTallies tallies()
    {
        return tallies;
    }

    AlarmTable alarms()
    {
        return alarms;
    }

    PartitionSnapshotCodec snapshotCodec()
    {
        return snapshotCodec;
    }

    /**
     * Replaces the whole state with a snapshot's, taken after {@code op}.
     */
    void loadSnapshot(final long op, final DirectBuffer buffer, final int offset, final int length,
        final int formatVersion)
    {
        snapshotCodec.decode(buffer, offset, length, formatVersion);
        appliedOp = op;
    }

    /**
     * @return a digest of everything a replay must reproduce: the state machine's, the sessions, the alarms and
     * the applied op.
     */
    long digest()
    {
        long digest = StateDigest.mix(0, appliedOp);
        digest = StateDigest.mix(digest, stateMachine.stateDigest());
        digest = sessions.digest(digest);
        return alarms.digest(digest);
    }
}
