package io.anthill.engine;

import org.agrona.DirectBuffer;

/**
 * A client command as the partition journaled it. A flyweight: valid only during
 * {@link StateMachine#onCommand(Command, CommandContext)}.
 */
public interface Command
{
    /**
     * @return the client session that sent it.
     */
    long sessionId();

    /**
     * @return the request id within the session; ids of a session only grow.
     */
    long requestId();

    /**
     * @return the primary's clock when it accepted the command: the only time the state machine may use.
     */
    long timestampNs();

    /**
     * @return the op number of the command in the partition's log, its position.
     */
    long position();

    /**
     * @return the buffer holding the user's payload.
     */
    DirectBuffer payload();

    /**
     * @return where the payload starts in {@link #payload()}.
     */
    int payloadOffset();

    /**
     * @return the payload's length in bytes.
     */
    int payloadLength();
}
