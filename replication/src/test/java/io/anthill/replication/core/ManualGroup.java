package io.anthill.replication.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.anthill.codecs.replication.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A replica group wired by hand for scenario tests of the core without the simulator: every message sent is held
 * in a list the test inspects, delivers, or drops, and time moves only when the test says.
 */
final class ManualGroup
{
    /** One message in flight. */
    static final class Message
    {
        final int from;
        final int to;
        final int templateId;
        final byte[] bytes;

        Message(final int from, final int to, final byte[] bytes)
        {
            this.from = from;
            this.to = to;
            this.bytes = bytes;
            templateId = new MessageHeaderDecoder().wrap(new UnsafeBuffer(bytes), 0).templateId();
        }
    }

    final Replica[] replicas;
    final MemoryLog[] logs;
    final long[] committed;
    final List<Message> inFlight = new ArrayList<>();
    long nowNs = 1_000_000_000L;

    ManualGroup(final int size)
    {
        this(size, null, ReplicaContext.SNAPSHOT_CHUNK_BYTES_DEFAULT);
    }

    ManualGroup(final int size, final SnapshotStore[] snapshotStores, final int snapshotChunkBytes)
    {
        replicas = new Replica[size];
        logs = new MemoryLog[size];
        committed = new long[size];
        for (int i = 0; i < size; i++)
        {
            final int self = i;
            logs[i] = new MemoryLog();
            replicas[i] = new Replica(
                new ReplicaContext().replicaIndex(i).replicaCount(size).snapshotChunkBytes(snapshotChunkBytes),
                (to, buffer, offset, length) ->
                {
                    final byte[] bytes = new byte[length];
                    buffer.getBytes(offset, bytes);
                    inFlight.add(new Message(self, to, bytes));
                },
                logs[i],
                op -> committed[self] = op,
                ViewStore.VOLATILE,
                snapshotStores == null ? SnapshotStore.NONE : snapshotStores[i]);
            replicas[i].bootstrap(nowNs);
        }
    }

    long submit(final int replica, final String body)
    {
        final byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final long op = replicas[replica].submit(nowNs, new UnsafeBuffer(bytes), 0, bytes.length);
        replicas[replica].flush();
        return op;
    }

    void syncAll()
    {
        for (int i = 0; i < logs.length; i++)
        {
            logs[i].sync();
            replicas[i].onDurable();
        }
    }

    int count(final int templateId, final int from)
    {
        int n = 0;
        for (final Message m : inFlight)
        {
            n += m.templateId == templateId && m.from == from ? 1 : 0;
        }
        return n;
    }

    /**
     * Delivers everything in flight, and what that produces, until quiet, except to or from a cut replica.
     */
    void deliverAll(final int cut)
    {
        for (int round = 0; round < 100 && !inFlight.isEmpty(); round++)
        {
            final List<Message> batch = new ArrayList<>(inFlight);
            inFlight.clear();
            for (final Message m : batch)
            {
                if (m.to != cut && m.from != cut)
                {
                    replicas[m.to].onMessage(nowNs, new UnsafeBuffer(m.bytes), 0, m.bytes.length);
                }
            }
            syncAll();
        }
    }

    void dropWhere(final int templateId)
    {
        final Iterator<Message> it = inFlight.iterator();
        while (it.hasNext())
        {
            if (it.next().templateId == templateId)
            {
                it.remove();
            }
        }
    }

    void tickAll(final long advanceNs, final int skip)
    {
        nowNs += advanceNs;
        for (int i = 0; i < replicas.length; i++)
        {
            if (i != skip)
            {
                replicas[i].onTick(nowNs);
            }
        }
    }
}
