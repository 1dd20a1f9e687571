package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The user's business logic for one partition: a deterministic state machine.
 * <p>
 * The engine calls it on one thread, in op order, on the primary and on every follower, and again when a journal is
 * replayed. So it must be a pure function of its state and its inputs: it never reads a clock (use
 * {@link Command#timestampNs()}, stamped by the primary), never draws random numbers, never does I/O and never logs.
 * Its only outputs go through the {@link CommandContext}: events for the read models, exactly one response, and
 * alarms.
 */
public interface StateMachine
{
    /**
     * Applies one client command.
     *
     * @param command the command, valid only during this call.
     * @param context where events, the response and alarms go; valid only during this call.
     */
    void onCommand(Command command, CommandContext context);

    /**
     * Applies an alarm this state machine scheduled, fired by the partition in (deadline, id) order as a journaled
     * command, so replay fires it identically. There is no client waiting: a response given here is discarded.
     *
     * @param alarmId        the id the alarm was scheduled with.
     * @param deadlineNs     the deadline it was scheduled for.
     * @param metadata       the metadata it was scheduled with, valid only during this call.
     * @param metadataOffset offset of the metadata in the buffer.
     * @param metadataLength length of the metadata.
     * @param context        where events and further alarms go.
     */
    void onAlarm(long alarmId, long deadlineNs, DirectBuffer metadata, int metadataOffset, int metadataLength,
        CommandContext context);

    /**
     * The version of the encoding {@link #writeSnapshot} produces, stored in the snapshot header and handed back to
     * {@link #loadSnapshot} so a newer build can still read an older snapshot.
     *
     * @return the snapshot format version, positive.
     */
    int snapshotFormatVersion();

    /**
     * Writes the whole state. Alarms and the session table are the engine's and are snapshotted beside this.
     *
     * @param buffer an expandable buffer to write into.
     * @param offset where to start.
     * @return the number of bytes written.
     */
    int writeSnapshot(MutableDirectBuffer buffer, int offset);

    /**
     * Replaces the whole state with one written by {@link #writeSnapshot}.
     *
     * @param buffer        holds the snapshot.
     * @param offset        where it starts.
     * @param length        its length.
     * @param formatVersion the {@link #snapshotFormatVersion()} of the build that wrote it.
     */
    void loadSnapshot(DirectBuffer buffer, int offset, int length, int formatVersion);

    /**
     * A digest of the whole state, equal on every replica and after every replay of the same journal; used to prove
     * determinism and to compare replicas.
     *
     * @return a 64-bit digest of the state.
     */
    long stateDigest();
}
