package io.anthill.engine.node;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.anthill.codecs.client.CommandRequestDecoder;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.MessageHeaderDecoder;
import io.anthill.codecs.client.QueryRequestDecoder;
import io.anthill.engine.PartitionContext;
import io.anthill.journal.DurabilityPolicy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edges' hot paths allocate nothing once warm: the ingress thread (decoding, routing, submitting to the ring,
 * offering reads, encoding refusals), the business logic behind the queueing-delay probe, egress encoding responses
 * and the read model's thread serving reads; measured with the JVM's per-thread allocation counter.
 */
class IngressAllocationTest
{
    private static final int WARM_UP_FRAMES = 20_000;
    private static final int MEASURED_FRAMES = 20_000;
    /** Far below one allocation per frame (20,000 frames); leaves room for the JIT's and the JMX probe's own few. */
    private static final long ALLOWED_BYTES = 16 * 1_024;

    @TempDir
    Path dir;

    @Test
    void shouldDecodeRouteSubmitAndRefuseWithoutAllocating()
    {
        assertHotPathsDoNotAllocate(ctx -> { });
    }

    /**
     * With a real clock too; not the default {@code SystemEpochNanoClock}, which goes through {@code Instant.now()}
     * and allocated 159 KB over these 20,000 frames on the ingress thread when tried (C2 does not always scalar-replace
     * it), but Agrona's {@code OffsetEpochNanoClock}, which reads {@code System.nanoTime()} plus a sampled offset.
     */
    @Test
    void shouldNotAllocateWithAnAllocationFreeRealClock()
    {
        assertHotPathsDoNotAllocate(ctx -> ctx.partitionFactory(partitionId -> new PartitionContext()
            .partitionId(partitionId)
            .stateMachine(new AccountLedger())
            .addProjection(new AccountReadModel())
            .journalDirectory(dir.resolve("system-clock").resolve("journal"))
            .snapshotDirectory(dir.resolve("system-clock").resolve("snapshots"))
            .durability(DurabilityPolicy.BATCH)
            .snapshotIntervalOps(0)
            .ringSize(1024)
            .clock(new OffsetEpochNanoClock())));
    }

    private void assertHotPathsDoNotAllocate(final Consumer<NodeContext> partitions)
    {
        final AtomicLong framesOut = new AtomicLong();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final ClientFrameSink countingSink = (sessionId, buffer, offset, length) -> framesOut.incrementAndGet();
        try (NodeFixture fixture = new NodeFixture(dir, 1, 3, 6, 1, 1024,
            ctx -> partitions.accept(ctx.clientCredential(null).frameSink(countingSink))))
        {
            assertNull(fixture.node.addPartition(0));
            final ClientIngressAdapter ingress = fixture.node.newIngressAdapter();
            final UnsafeBuffer connect = ClientFrames.connect(7, new byte[0]);
            ingress.onFrame(connect, 0, connect.capacity());
            final UnsafeBuffer command = ClientFrames.command(7, 0, 0, AccountLedger.deposit(1, 1));
            final UnsafeBuffer query = ClientFrames.query(7, 0, 0, Consistency.ANY, 0, 0, 1);
            final UnsafeBuffer wrongNode = ClientFrames.command(7, 0, 1, AccountLedger.deposit(1, 1));
            final UnsafeBuffer malformed = new UnsafeBuffer(command.byteArray(), 0, command.capacity() - 1);
            final UnsafeBuffer[] frames = {command, query, wrongNode, malformed};

            final List<Thread> measured = new ArrayList<>(List.of(Thread.currentThread()));
            fixture.node.partition(0).stageThreads().stream().filter(thread -> thread.getName().endsWith("business-logic") ||
                thread.getName().endsWith("egress") || thread.getName().endsWith("projection-accounts"))
                .forEach(measured::add);
            assertEquals(4, measured.size(), "ingress, business logic, egress and read model threads");

            send(ingress, frames, 0, WARM_UP_FRAMES);
            awaitEveryFrameAnswered(fixture, framesOut);
            final long[] before = allocatedBytes(threads, measured);
            send(ingress, frames, WARM_UP_FRAMES, MEASURED_FRAMES);
            awaitEveryFrameAnswered(fixture, framesOut);
            final long[] after = allocatedBytes(threads, measured);

            for (int i = 0; i < measured.size(); i++)
            {
                final long allocated = after[i] - before[i];
                assertTrue(allocated < ALLOWED_BYTES, measured.get(i).getName() + " allocated " + allocated +
                    " bytes over " + MEASURED_FRAMES + " frames");
            }
            assertEquals(0, fixture.node.counters().ingressErrors());
            assertTrue(fixture.node.counters().commandsAccepted() > 0, "some commands reached the ring");
            assertTrue(fixture.node.counters().queriesAccepted() > 0, "some reads reached the read model");
        }
    }

    private static long[] allocatedBytes(final com.sun.management.ThreadMXBean threads, final List<Thread> measured)
    {
        final long[] bytes = new long[measured.size()];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = threads.getThreadAllocatedBytes(measured.get(i).getId());
        }
        return bytes;
    }

    private static void awaitEveryFrameAnswered(final NodeFixture fixture, final AtomicLong framesOut)
    {
        final IngressCounters counters = fixture.node.counters();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (framesOut.get() < 1 + counters.refusedTotal() + counters.commandsAccepted() + counters.queriesAccepted())
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "frames not all answered");
            Thread.yield();
        }
    }

    private static void send(final ClientIngressAdapter ingress, final UnsafeBuffer[] frames, final int from, final int count)
    {
        final int commandRequestIdAt = MessageHeaderDecoder.ENCODED_LENGTH + CommandRequestDecoder.requestIdEncodingOffset();
        final int queryRequestIdAt = MessageHeaderDecoder.ENCODED_LENGTH + QueryRequestDecoder.requestIdEncodingOffset();
        for (int i = from; i < from + count; i++)
        {
            final UnsafeBuffer frame = frames[i & 3];
            if (frame == frames[0])
            {
                frame.putLong(commandRequestIdAt, i + 1, ByteOrder.LITTLE_ENDIAN);
            }
            else if (frame == frames[1])
            {
                frame.putLong(queryRequestIdAt, i + 1, ByteOrder.LITTLE_ENDIAN);
            }
            ingress.onFrame(frame, 0, frame.capacity());
        }
    }
}
