package io.anthill.perf.engine;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.perf.cluster.ResendTable;
import io.anthill.perf.harness.CompletionHandler;
import io.anthill.perf.harness.LoadTarget;
import io.anthill.perf.harness.OperationType;
import io.anthill.replication.node.EmbeddedCluster;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A 3-replica group (one partition, QUORUM acknowledgement) embedded in this process, each replica with its own
 * media driver and journal, replicating over UDP on 127.0.0.1, as a {@link LoadTarget}. It behaves like a client:
 * it sends to the primary it knows, moves to the next replica when refused, and resends a request (same session and
 * request id, so it is applied at most once) when no answer came within the retry time-out.
 */
public final class ReplicatedClusterTarget implements LoadTarget, MessageHandler
{
    static final int PARTITION = 0;
    private static final int IN_FLIGHT_SLOTS = 1 << 20;
    private static final long RETRY_TIMEOUT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int RESEND_PER_POLL_MAX = 64;
    private static final int RESPONSES_BUFFER_BYTES = 1 << 22;
    private static final int RECORD_BYTES = 12;

    private final EmbeddedCluster cluster;
    private final NanoClock clock;
    private final ManyToOneRingBuffer responses = new ManyToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(RESPONSES_BUFFER_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[CounterStateMachine.PAYLOAD_LENGTH]);
    private final ResendTable inFlight = new ResendTable(IN_FLIGHT_SLOTS, RETRY_TIMEOUT_NS);
    private final ResendTable.Resender resender = (requestId, slot, session) -> submit(requestId, session);
    private int knownPrimary;
    private long resends;
    private CompletionHandler handler;

    /**
     * @param dataDir    where the nodes' directories go.
     * @param durability the journals' durability.
     * @param clock      the generator's clock.
     */
    public ReplicatedClusterTarget(final Path dataDir, final DurabilityPolicy durability, final NanoClock clock)
    {
        this.clock = clock;
        this.cluster = EmbeddedCluster.start(3, ctx -> ctx
            .partitions(List.of(PARTITION))
            .dataDirectory(dataDir.resolve("node-" + ctx.nodeIndex()))
            .durability(durability)
            .stateMachines(partitionId -> new CounterStateMachine())
            .responseSinks(partitionId -> new Sink()));
    }

    @Override
    public boolean send(
        final OperationType type, final long correlationId, final int sessionIndex, final int partitionIndex,
        final long intendedTimeNs)
    {
        if (!submit(correlationId, sessionIndex))
        {
            return false;
        }
        inFlight.sent(correlationId, sessionIndex, clock.nanoTime());
        return true;
    }

    private boolean submit(final long correlationId, final int sessionIndex)
    {
        payload.putLong(0, correlationId);
        payload.putLong(8, 1);
        for (int attempt = 0; attempt < cluster.nodeCount(); attempt++)
        {
            final Partition partition = cluster.partition(PARTITION, knownPrimary);
            final SubmitResult result = null == partition ? SubmitResult.NOT_RUNNING :
                partition.submit(sessionIndex, correlationId, payload, 0, payload.capacity());
            if (result == SubmitResult.ACCEPTED)
            {
                return true;
            }
            if (result == SubmitResult.OVERLOADED)
            {
                return false;
            }
            knownPrimary = (knownPrimary + 1) % cluster.nodeCount();
        }
        return false;
    }

    @Override
    public int poll(final CompletionHandler handler, final int responseCountMax)
    {
        this.handler = handler;
        final int read = responses.read(this, responseCountMax);
        return read + resendTimedOut();
    }

    private int resendTimedOut()
    {
        final int resent = inFlight.resendTimedOut(clock.nanoTime(), RESEND_PER_POLL_MAX, resender);
        resends += resent;
        return resent;
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long correlationId = buffer.getLong(index);
        if (!inFlight.isInFlight(correlationId))
        {
            return;
        }
        inFlight.answered(correlationId);
        final int code = buffer.getInt(index + Long.BYTES);
        if (code == 0)
        {
            handler.onSuccess(correlationId, clock.nanoTime());
        }
        else
        {
            handler.onError(correlationId, ErrorCode.get(code), clock.nanoTime());
        }
    }

    /**
     * @return the cluster, for scenarios that kill and restart nodes.
     */
    public EmbeddedCluster cluster()
    {
        return cluster;
    }

    /**
     * @return requests resent after their retry time-out.
     */
    public long resends()
    {
        return resends;
    }

    @Override
    public void close()
    {
        cluster.close();
    }

    /**
     * Each node's egress writes its answers here, from its own thread.
     */
    private final class Sink implements ResponseSink
    {
        private final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);

        @Override
        public void onResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer,
            final int offset, final int length)
        {
            write(requestId, 0);
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            write(requestId, code.value());
        }

        private void write(final long requestId, final int code)
        {
            record.putLong(0, requestId);
            record.putInt(Long.BYTES, code);
            while (!responses.write(1, record, 0, RECORD_BYTES))
            {
                Thread.yield();
            }
        }
    }
}
