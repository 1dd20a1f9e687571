package io.anthill.replication.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Where each partition's replicas are and which one the client believes is primary. The group of partition p is the
 * run of hosts starting at host (p mod N), in order, wrapping; the primary of view v is member (v mod n), so a
 * failover moves to the next member. The client learns the primary from who answers, and moves on from who does not.
 */
final class GroupRouting
{
    private final int hostCount;
    private final int groupSize;
    private final int[] primaryRank;
    private final UnsafeBuffer[] hostAddresses;

    GroupRouting(final List<String> clientEndpoints, final int partitionCount, final int groupSize)
    {
        this.hostCount = clientEndpoints.size();
        this.groupSize = groupSize;
        this.primaryRank = new int[partitionCount];
        this.hostAddresses = new UnsafeBuffer[hostCount];
        for (int host = 0; host < hostCount; host++)
        {
            hostAddresses[host] = new UnsafeBuffer(clientEndpoints.get(host).getBytes(StandardCharsets.UTF_8));
        }
    }

    int partitionCount()
    {
        return primaryRank.length;
    }

    int groupSize()
    {
        return groupSize;
    }

    /**
     * @return the host (from 0) of the replica of the given rank.
     */
    int hostOf(final int partitionId, final int rank)
    {
        return (partitionId % hostCount + rank) % hostCount;
    }

    /**
     * @return the host's rank in the partition's group, or -1 if it holds no replica of it.
     */
    int rankOf(final int partitionId, final int host)
    {
        final int rank = (host - partitionId % hostCount + hostCount) % hostCount;
        return rank < groupSize ? rank : -1;
    }

    int primaryHost(final int partitionId)
    {
        return hostOf(partitionId, primaryRank[partitionId]);
    }

    void primaryIs(final int partitionId, final int host)
    {
        final int rank = rankOf(partitionId, host);
        if (rank >= 0)
        {
            primaryRank[partitionId] = rank;
        }
    }

    /**
     * Moves a request on from its target host, which refused it or never answered: to the suggested host if that is a
     * replica of the group not tried in this round, else to the next untried replica in group order. Learns the new
     * target as the partition's primary, so new requests follow.
     *
     * @return true when every replica was tried (a view change is under way): a new round starts, after a back-off.
     */
    boolean redirect(final RequestSlot slot, final int suggestedHost)
    {
        final int partitionId = slot.partitionId;
        final int rank = rankOf(partitionId, slot.targetHost);
        slot.triedRanks |= 1 << rank;
        final int suggestedRank = suggestedHost < 0 ? -1 : rankOf(partitionId, suggestedHost);
        int nextRank = -1;
        if (suggestedRank >= 0 && 0 == (slot.triedRanks & (1 << suggestedRank)))
        {
            nextRank = suggestedRank;
        }
        for (int step = 1; step <= groupSize && nextRank < 0; step++)
        {
            final int candidate = (rank + step) % groupSize;
            if (0 == (slot.triedRanks & (1 << candidate)))
            {
                nextRank = candidate;
            }
        }
        final boolean roundDone = nextRank < 0;
        if (roundDone)
        {
            slot.triedRanks = 0;
            nextRank = (rank + 1) % groupSize;
        }
        slot.targetHost = hostOf(partitionId, nextRank);
        primaryRank[partitionId] = nextRank;
        return roundDone;
    }

    /**
     * @return the host (from 0) whose client endpoint the bytes spell, or -1.
     */
    int hostOfAddress(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int host = 0; host < hostCount; host++)
        {
            final UnsafeBuffer address = hostAddresses[host];
            if (address.capacity() == length && sameBytes(address, buffer, offset, length))
            {
                return host;
            }
        }
        return -1;
    }

    private static boolean sameBytes(final DirectBuffer address, final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (address.getByte(i) != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
