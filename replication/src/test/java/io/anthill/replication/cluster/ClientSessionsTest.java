package io.anthill.replication.cluster;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.anthill.replication.aeron.EmbeddedMediaDriver;
import io.anthill.replication.aeron.LoopbackPorts;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The node's answer path to clients over a real media driver: an answer the client endpoint thread produces for a
 * response publication that is not connected yet (a new client's Connected) is kept and delivered once it connects,
 * in order, instead of being dropped; one whose client never appears is dropped and counted at its deadline.
 */
class ClientSessionsTest
{
    private static final int STREAM_ID = ClusterNode.CLIENT_STREAM_ID;
    private static final long SESSION = 42;

    @TempDir
    Path dir;

    private EmbeddedMediaDriver driver;
    private Aeron aeron;
    private ClientSessions sessions;
    private AtomicCounter answersDropped;
    private String channel;

    @BeforeEach
    void start()
    {
        driver = EmbeddedMediaDriver.launch(dir.resolve("aeron"), Throwable::printStackTrace);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 128)));
        answersDropped = counters.newCounter("answers dropped");
        sessions = new ClientSessions(aeron, answersDropped);
        sessions.bindEndpointThread(); // this test thread plays the client endpoint thread
        channel = "aeron:udp?endpoint=127.0.0.1:" + LoopbackPorts.freeUdpPort();
    }

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(sessions, aeron, driver);
    }

    @Test
    void shouldDeliverAnswersKeptWhileTheClientsPublicationConnectsInOrder()
    {
        sessions.retryPending(System.nanoTime());
        sessions.register(SESSION, channel, STREAM_ID);
        // the client's subscription does not exist yet, so the new publication cannot be connected
        sessions.onFrame(SESSION, frame(1), 0, Long.BYTES);
        sessions.onFrame(SESSION, frame(2), 0, Long.BYTES);
        assertEquals(2, sessions.pendingAnswers(), "kept, not dropped");
        assertEquals(0, answersDropped.get());

        final List<Long> received = new ArrayList<>();
        try (Subscription client = aeron.addSubscription(channel, STREAM_ID))
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.size() < 2 && System.nanoTime() < deadlineNs)
            {
                sessions.retryPending(System.nanoTime());
                client.poll((buffer, offset, length, header) -> received.add(buffer.getLong(offset)), 10);
            }
            assertEquals(List.of(1L, 2L), received, "both answers arrive once, in the order they were produced");
            sessions.onFrame(SESSION, frame(3), 0, Long.BYTES);
            assertEquals(0, sessions.pendingAnswers(), "a connected session's answers go out at once");
        }
        assertEquals(0, answersDropped.get());
    }

    @Test
    void shouldDropAndCountAnAnswerWhoseClientNeverConnects()
    {
        final long startNs = 1_000_000_000L;
        sessions.retryPending(startNs);
        sessions.register(SESSION, channel, STREAM_ID);
        sessions.onFrame(SESSION, frame(1), 0, Long.BYTES);
        assertEquals(1, sessions.pendingAnswers());

        assertEquals(0, sessions.retryPending(startNs + PendingAnswers.TIMEOUT_NS - 1));
        assertEquals(1, sessions.pendingAnswers(), "kept until its deadline");
        assertEquals(1, sessions.retryPending(startNs + PendingAnswers.TIMEOUT_NS));
        assertEquals(0, sessions.pendingAnswers());
        assertEquals(1, answersDropped.get(), "dropped at the deadline, and counted");
    }

    @Test
    void shouldDropAnAnswerFromAnotherThreadAtOnceAsBefore() throws InterruptedException
    {
        sessions.register(SESSION, channel, STREAM_ID);
        final Thread egress = new Thread(() -> sessions.onFrame(SESSION, frame(1), 0, Long.BYTES));
        egress.start();
        egress.join();
        assertEquals(0, sessions.pendingAnswers(), "only the endpoint thread keeps answers");
        assertEquals(1, answersDropped.get(), "an egress thread's answer to an unconnected client is counted dropped");
    }

    private static UnsafeBuffer frame(final long value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[Long.BYTES]);
        buffer.putLong(0, value);
        return buffer;
    }
}
