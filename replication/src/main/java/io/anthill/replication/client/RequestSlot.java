package io.anthill.replication.client;

import java.nio.ByteBuffer;

import io.anthill.codecs.client.Consistency;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One session of the client and its one request in flight, pre-allocated with a copy of the payload so a retry
 * resends the very same bytes with the same session and request id. Owned by the client's polling thread.
 */
final class RequestSlot
{
    /**
     * Where the request stands.
     */
    enum State
    {
        /** No request. */
        FREE,
        /** To be sent to {@link #targetHost} at {@link #nextActionNs}. */
        SEND,
        /** A Connect went to the target host; the request follows its Connected. */
        AWAIT_CONNECT,
        /** Sent; waiting for an answer until {@link #nextActionNs}, then retried at the next replica. */
        AWAIT_ANSWER
    }

    final int index;
    final long sessionId;
    final UnsafeBuffer payload;
    State state = State.FREE;
    long requestId;
    int partitionId;
    boolean query;
    int readModel;
    Consistency consistency;
    long minPosition;
    int payloadLength;
    /** A host the request must use (a replica read), or -1 to follow the primary. */
    int pinnedHost = -1;
    int targetHost;
    /** Ranks of the group that refused or never answered since the last full round. */
    int triedRanks;
    long nextActionNs;
    long deadlineNs;
    /** When the session started connecting to the target host. */
    long connectingSinceNs;
    /** When offers to the target host started failing, or 0. */
    long sendFailingSinceNs;

    RequestSlot(final int index, final long sessionId, final int payloadLengthMax)
    {
        this.index = index;
        this.sessionId = sessionId;
        this.payload = new UnsafeBuffer(ByteBuffer.allocateDirect(payloadLengthMax));
    }

    void release()
    {
        state = State.FREE;
        pinnedHost = -1;
        triedRanks = 0;
        sendFailingSinceNs = 0;
        consistency = null;
    }
}
