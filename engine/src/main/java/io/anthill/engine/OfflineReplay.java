package io.anthill.engine;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

/**
 * Applies journal entries to a state machine and its read models on the caller's thread, with no ring, journal
 * writer, clock or client: what an operator's tool needs to rebuild read models offline from a journal. It drives the
 * same deterministic core as a live partition ({@link PartitionLogic}) with the replaying flag set, so the state
 * machine suppresses side effects exactly as in recovery, and the resulting {@link #stateDigest()} and projection
 * digests equal a live node's at the same op.
 * <p>
 * Unlike {@link StateMachineHarness}, it copies nothing out: the output buffers are reused, so applying an entry
 * allocates nothing once they have grown to their working size. Single threaded.
 */
public final class OfflineReplay
{
    private final PartitionLogic logic;
    private final Projection[] projections;
    private final ApplyOutput output = new ApplyOutput();
    private long stateMachineErrors;
    private long eventsApplied;
    private Throwable firstStateMachineError;

    /**
     * @param stateMachine a fresh state machine of the partition.
     * @param projections  the read models to rebuild, fed each emitted event in order; may be none.
     */
    public OfflineReplay(final StateMachine stateMachine, final Projection... projections)
    {
        this.logic = new PartitionLogic(stateMachine, LogicLimits.defaults(), this::onStateMachineError);
        this.projections = projections.clone();
    }

    /**
     * Replaces the partition state with a snapshot's (as written by a live partition's snapshot store), so the replay
     * continues with op + 1, and loads every read model the snapshot holds (by name). A read model it lacks (one
     * that does not snapshot, or was added later) starts empty: rebuilt from here it lacks the earlier history.
     *
     * @param op            the op the snapshot was taken at.
     * @param buffer        holds the snapshot's state bytes: the partition part, then the read-model parts.
     * @param offset        where they start.
     * @param length        their length.
     * @param formatVersion the state machine's snapshot format version it was written with.
     * @return the names of the read models the snapshot lacks.
     */
    public List<String> restoreSnapshot(
        final long op, final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        final String[] names = new String[projections.length];
        for (int i = 0; i < names.length; i++)
        {
            names[i] = projections[i].name();
        }
        final int[] stateOffsets = new int[names.length];
        final int[] stateLengths = new int[names.length];
        new ReadModelSnapshotCodec().locate(buffer, offset, length, op, names, stateOffsets, stateLengths);
        logic.loadSnapshot(op, buffer, offset, length, formatVersion);
        final List<String> lacking = new ArrayList<>();
        for (int i = 0; i < names.length; i++)
        {
            if (stateLengths[i] < 0)
            {
                lacking.add(names[i]);
            }
            else
            {
                projections[i].loadSnapshot(buffer, stateOffsets[i], stateLengths[i]);
            }
        }
        return List.copyOf(lacking);
    }

    /**
     * Applies one journal entry as recovery does (replaying, no response goes anywhere) and feeds its events to the
     * read models.
     *
     * @param op          must be {@link #appliedOp()} + 1.
     * @param timestampNs the entry's timestamp.
     * @param body        the SBE journal body, header included.
     * @param offset      where it starts.
     * @param length      its length.
     * @throws IllegalStateException when the op is out of order or the body is not a journal body.
     */
    public void apply(final long op, final long timestampNs, final DirectBuffer body, final int offset, final int length)
    {
        output.reset();
        logic.apply(op, timestampNs, true, body, offset, length, output);
        final int eventsLength = output.eventsLength();
        if (eventsLength == 0)
        {
            return;
        }
        final DirectBuffer events = output.events();
        int eventOffset = 0;
        while (eventOffset < eventsLength)
        {
            final int eventLength = events.getInt(eventOffset);
            final int start = eventOffset + ApplyOutput.EVENT_HEADER_LENGTH;
            for (final Projection projection : projections)
            {
                projection.onEvent(op, events, start, eventLength);
            }
            eventOffset = start + eventLength;
        }
        eventsApplied += output.eventCount();
    }

    /**
     * @return the last applied op (the snapshot's op right after a restore, 0 before anything).
     */
    public long appliedOp()
    {
        return logic.appliedOp();
    }

    /**
     * @return the digest of the whole partition state, equal to a live partition's {@code stateDigest()} at the same op.
     */
    public long stateDigest()
    {
        return logic.digest();
    }

    /**
     * @return events the state machine emitted during this replay (each fed to every read model).
     */
    public long eventsApplied()
    {
        return eventsApplied;
    }

    /**
     * @return commands whose state machine threw: deterministic, so a live node answered them INTERNAL_ERROR too.
     */
    public long stateMachineErrors()
    {
        return stateMachineErrors;
    }

    /**
     * @return the first exception the state machine threw, or null.
     */
    public Throwable firstStateMachineError()
    {
        return firstStateMachineError;
    }

    private void onStateMachineError(final Throwable error)
    {
        if (stateMachineErrors++ == 0)
        {
            firstStateMachineError = error;
        }
    }
}
