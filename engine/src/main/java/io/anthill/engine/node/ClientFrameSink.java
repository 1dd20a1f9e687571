package io.anthill.engine.node;

import org.agrona.DirectBuffer;

/**
 * Where a node's outbound client-protocol frames go: the seam between the transport-agnostic ingress and egress
 * of a {@link Node} and the transport the host wires (Aeron, a socket, a test's list). Called from the ingress
 * thread (immediate refusals), each partition's egress thread (write responses) and each read model's thread
 * (read answers), so an implementation must be safe to call from several threads and must not block for long.
 */
@FunctionalInterface
public interface ClientFrameSink
{
    /**
     * One complete SBE frame (message header included).
     *
     * @param sessionId the client session it answers, or 0 when the frame it answers was too broken to name one.
     * @param buffer    holds the frame, valid only during the call.
     * @param offset    where it starts.
     * @param length    its length.
     */
    void onFrame(long sessionId, DirectBuffer buffer, int offset, int length);
}
