package io.anthill.replication.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.replication.cluster.RunningTotalDomain;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What a client of in-JVM replica nodes does in these tests: send each running-total write to the primary it knows,
 * try the next node when refused, and retry the same request id after a time-out; the partition's session table
 * answers a retry with the original response, so each write is counted once. Answers arrive through
 * {@link #responseSink()}, which every node's partition is given.
 */
final class RunningTotalWriter
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long RETRY_NS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ReplicaNode[] nodes;
    private final int partitionId;
    private final long sessionId;
    private final ConcurrentHashMap<Long, Long> acknowledged = new ConcurrentHashMap<>();
    private int knownPrimary;

    RunningTotalWriter(final ReplicaNode[] nodes, final int partitionId, final long sessionId)
    {
        this.nodes = nodes;
        this.partitionId = partitionId;
        this.sessionId = sessionId;
    }

    /**
     * Writes 1 to the running total under requestId until a node acknowledges it.
     */
    void writeUntilAcknowledged(final long requestId)
    {
        final UnsafeBuffer payload = RunningTotalDomain.amount(1);
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        int node = knownPrimary;
        while (!acknowledged.containsKey(requestId))
        {
            assertTrue(System.nanoTime() < deadlineNs, "request " + requestId + " never acknowledged");
            final SubmitResult result = null == nodes[node] ? SubmitResult.NOT_RUNNING :
                nodes[node].partition(partitionId).submit(sessionId, requestId, payload, 0, payload.capacity());
            if (result != SubmitResult.ACCEPTED)
            {
                node = (node + 1) % nodes.length;
                Thread.yield();
                continue;
            }
            knownPrimary = node;
            final long retryAtNs = System.nanoTime() + RETRY_NS;
            while (!acknowledged.containsKey(requestId) && System.nanoTime() < retryAtNs)
            {
                Thread.yield();
            }
        }
        assertEquals(requestId, acknowledged.get(requestId), "the running total counts each write once");
    }

    /**
     * @return the node that acknowledged the last write.
     */
    int knownPrimary()
    {
        return knownPrimary;
    }

    /**
     * @return the running total the write of requestId was answered with, or null if it was not.
     */
    Long totalAnswered(final long requestId)
    {
        return acknowledged.get(requestId);
    }

    ResponseSink responseSink()
    {
        return new ResponseSink()
        {
            @Override
            public void onResponse(
                final long sessionId, final long requestId, final long position, final DirectBuffer buffer,
                final int offset, final int length)
            {
                acknowledged.put(requestId, buffer.getLong(offset));
            }

            @Override
            public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
            {
                throw new AssertionError("request " + requestId + " rejected " + code);
            }
        };
    }
}
