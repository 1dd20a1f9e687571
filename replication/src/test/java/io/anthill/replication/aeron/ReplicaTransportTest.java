package io.anthill.replication.aeron;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicaTransportTest
{
    private static final int STREAM_ID = 1001;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close()
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
    }

    @Test
    void shouldDeliverSmallAndMultiFrameMessagesBetweenNodesOverLoopbackUdp()
    {
        final List<String> endpoints = List.of(LoopbackPorts.freeEndpoint(), LoopbackPorts.freeEndpoint());
        final ReplicaTransport zero = node(0, endpoints);
        final ReplicaTransport one = node(1, endpoints);
        final List<byte[]> received = new ArrayList<>();
        final FragmentHandler handler = ReplicaTransport.reassembling((buffer, offset, length, header) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            received.add(copy);
        });
        final byte[] small = {1, 2, 3};
        final byte[] large = new byte[200 * 1024];
        for (int i = 0; i < large.length; i++)
        {
            large[i] = (byte)i;
        }

        awaitSent(zero, 1, small);
        awaitSent(zero, 1, large);
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (received.size() < 2)
        {
            assertTrue(System.nanoTime() < deadlineNs, "only " + received.size() + " messages arrived");
            if (one.poll(handler, 16) == 0)
            {
                Thread.yield();
            }
        }

        assertArrayEquals(small, received.get(0));
        assertArrayEquals(large, received.get(1));
        assertTrue(large.length < zero.maxMessageLength());
        assertEquals(2, received.size());
    }

    private static void awaitSent(final ReplicaTransport transport, final int to, final byte[] message)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (!transport.send(to, buffer, 0, message.length))
        {
            assertTrue(System.nanoTime() < deadlineNs, "peer never connected");
            Thread.yield();
        }
    }

    private ReplicaTransport node(final int index, final List<String> endpoints)
    {
        final EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(dir.resolve("aeron-" + index), Throwable::printStackTrace);
        resources.add(driver);
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        resources.add(aeron);
        final CountersManager counters = new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersManager.COUNTER_LENGTH)));
        final AtomicCounter dropped = counters.newCounter("sends dropped");
        final ReplicaTransport transport = new ReplicaTransport(aeron, index, endpoints, STREAM_ID, dropped);
        resources.add(transport);
        return transport;
    }
}
