package io.anthill.engine;

import org.agrona.DirectBuffer;

/**
 * Everything a {@link StateMachine} may do while it applies one command: emit events, give the one response, and
 * manage alarms. Valid only during the call it is passed to.
 */
public interface CommandContext
{
    /**
     * @return the primary's timestamp of the command being applied.
     */
    long timestampNs();

    /**
     * @return the op number being applied.
     */
    long position();

    /**
     * True while the partition rebuilds its state from the journal. Responses are suppressed by the engine
     * already; a state machine reads this only to skip effects of its own that must not repeat.
     *
     * @return true during replay.
     */
    boolean isReplaying();

    /**
     * Emits an event to the partition's read models, in order after the events of earlier commands.
     *
     * @param buffer holds the event.
     * @param offset where it starts.
     * @param length its length; at most the engine's event size limit.
     */
    void emitEvent(DirectBuffer buffer, int offset, int length);

    /**
     * Gives the response to the client. Exactly one per command; a second call is a bug and throws.
     *
     * @param buffer holds the response.
     * @param offset where it starts.
     * @param length its length; at most the engine's response size limit.
     */
    void respond(DirectBuffer buffer, int offset, int length);

    /**
     * @return the partition's durable alarms.
     */
    Alarms alarms();
}
