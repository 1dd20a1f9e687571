package io.anthill.replication.core;

import org.agrona.DirectBuffer;

/**
 * Outbound port of the protocol core: sends one encoded SBE replication message to another replica of the group.
 * The Aeron adapter offers it to the peer's publication; the simulator puts it on its simulated network. Sending
 * is best effort: the protocol retransmits, so a sender that cannot send now (back-pressure) drops the message.
 */
@FunctionalInterface
public interface MessageSender
{
    /**
     * @param replica the index of the destination in the group, never the sender itself.
     * @param buffer  holds the message, valid only during the call.
     * @param offset  where the message (its SBE header) starts.
     * @param length  its length in bytes, at most {@link ReplicaContext#messageBytesMax()}.
     */
    void send(int replica, DirectBuffer buffer, int offset, int length);
}
