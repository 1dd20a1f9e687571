package io.anthill.perf.engine;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.perf.harness.CompletionHandler;
import io.anthill.perf.harness.LoadTarget;
import io.anthill.perf.harness.OperationType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * One real partition (ring, Chronicle journal, business logic, egress) in this process as a {@link LoadTarget}: the
 * generator submits on its own thread; egress hands each answer back through an Agrona one-to-one ring buffer, so
 * neither side blocks or allocates. The request id is the generator's correlation id.
 */
final class PartitionTarget implements LoadTarget, ResponseSink
{
    private static final int RESPONSES_BUFFER_BYTES = 1 << 22;
    private static final int MSG_RESPONSE = 1;
    private static final int MSG_REJECTED = 2;
    private static final int RECORD_BYTES = 12;

    private final Partition partition;
    private final NanoClock clock;
    private final OneToOneRingBuffer responses = new OneToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(RESPONSES_BUFFER_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[CounterStateMachine.PAYLOAD_LENGTH]);
    private final UnsafeBuffer record = new UnsafeBuffer(new byte[RECORD_BYTES]);
    private final MessageHandler responseReader = this::onResponseRecord;
    private CompletionHandler handler;

    PartitionTarget(final Path dataDir, final DurabilityPolicy durability, final NanoClock clock)
    {
        this.clock = clock;
        this.partition = Partition.launch(new PartitionContext()
            .partitionId(0)
            .stateMachine(new CounterStateMachine())
            .responseSink(this)
            .journalDirectory(dataDir.resolve("journal"))
            .snapshotDirectory(dataDir.resolve("snapshots"))
            .durability(durability)
            .snapshotIntervalOps(0));
    }

    @Override
    public boolean send(
        final OperationType type, final long correlationId, final int sessionIndex, final int partitionIndex,
        final long intendedTimeNs)
    {
        payload.putLong(0, correlationId);
        payload.putLong(8, 1);
        final SubmitResult result = partition.submit(sessionIndex, correlationId, payload, 0, payload.capacity());
        return result == SubmitResult.ACCEPTED;
    }

    @Override
    public int poll(final CompletionHandler handler, final int responseCountMax)
    {
        this.handler = handler;
        return responses.read(responseReader, responseCountMax);
    }

    private void onResponseRecord(final int msgTypeId, final MutableDirectBuffer buffer, final int index,
        final int length)
    {
        final long correlationId = buffer.getLong(index);
        if (msgTypeId == MSG_RESPONSE)
        {
            handler.onSuccess(correlationId, clock.nanoTime());
        }
        else
        {
            handler.onError(correlationId, ErrorCode.get(buffer.getInt(index + Long.BYTES)), clock.nanoTime());
        }
    }

    @Override
    public void onResponse(
        final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        record.putLong(0, requestId);
        record.putInt(Long.BYTES, 0);
        write(MSG_RESPONSE);
    }

    @Override
    public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
    {
        record.putLong(0, requestId);
        record.putInt(Long.BYTES, code.value());
        write(MSG_REJECTED);
    }

    private void write(final int msgTypeId)
    {
        while (!responses.write(msgTypeId, record, 0, RECORD_BYTES))
        {
            Thread.yield();
        }
    }

    Partition partition()
    {
        return partition;
    }

    @Override
    public void close()
    {
        partition.close();
    }
}
