package io.anthill.replication.sim;

import java.util.SplittableRandom;

/**
 * The simulated network between the replicas of each group and from clients: every message gets a delay; during
 * the fault phase it may be dropped, delayed long (so reordered), duplicated, or blocked by a partition (symmetric
 * or one-way) until the partition heals.
 */
final class SimNetwork
{
    private final Simulation sim;
    private final SplittableRandom random;
    private final boolean[][][] blocked;
    double dropRate;
    double delayRate;
    double reorderRate;
    double duplicateRate;
    long messagesSent;
    long messagesDropped;
    long messagesDuplicated;

    SimNetwork(final Simulation sim, final SplittableRandom random, final int groups, final int replicas)
    {
        this.sim = sim;
        this.random = random;
        blocked = new boolean[groups][replicas][replicas];
    }

    void calm()
    {
        dropRate = 0;
        delayRate = 0;
        reorderRate = 0;
        duplicateRate = 0;
        for (final boolean[][] group : blocked)
        {
            for (final boolean[] from : group)
            {
                java.util.Arrays.fill(from, false);
            }
        }
    }

    void block(final int group, final int from, final int to, final boolean isBlocked)
    {
        blocked[group][from][to] = isBlocked;
    }

    boolean isBlocked(final int group, final int from, final int to)
    {
        return blocked[group][from][to];
    }

    private long delayNs()
    {
        long delay = 100_000L + random.nextLong(1_900_000L);
        if (random.nextDouble() < delayRate)
        {
            delay += 5_000_000L + random.nextLong(150_000_000L);
        }
        if (random.nextDouble() < reorderRate)
        {
            delay += random.nextLong(20_000_000L);
        }
        return delay;
    }

    void replicaToReplica(final int group, final int from, final int to, final byte[] message)
    {
        messagesSent++;
        if (blocked[group][from][to] || random.nextDouble() < dropRate)
        {
            messagesDropped++;
            return;
        }
        final int copies = random.nextDouble() < duplicateRate ? 2 : 1;
        messagesDuplicated += copies - 1;
        for (int i = 0; i < copies; i++)
        {
            sim.schedule(sim.nowNs() + delayNs(), "deliver", group, to, () -> sim.node(group, to).deliver(from, message));
        }
    }

    void clientToReplica(final int group, final int to, final SimClient.Request request)
    {
        messagesSent++;
        if (random.nextDouble() < dropRate)
        {
            messagesDropped++;
            return;
        }
        sim.schedule(sim.nowNs() + delayNs(), "request", group, to, () -> sim.node(group, to).onClientRequest(request));
    }

    void replicaToClient(final SimClient client, final SimClient.Reply reply)
    {
        messagesSent++;
        if (random.nextDouble() < dropRate)
        {
            messagesDropped++;
            return;
        }
        sim.schedule(sim.nowNs() + delayNs(), "reply", client.group, client.sessionId, () -> client.onReply(reply));
    }
}
