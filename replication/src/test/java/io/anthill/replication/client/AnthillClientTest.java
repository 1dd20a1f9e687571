package io.anthill.replication.client;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ErrorCode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client without a cluster: typed refusals at submit, and a request nobody answers ends in exactly one TIMEOUT
 * failure after the request timeout, having been retried around the whole group meanwhile.
 */
class AnthillClientTest
{
    @TempDir
    Path dir;

    private final OutcomeRecorder recorder = new OutcomeRecorder();
    private final List<String> outcomes = recorder.outcomes;
    private AnthillClient client;

    @AfterEach
    void close()
    {
        CloseHelper.quietClose(client);
    }

    @Test
    void shouldRefuseWithTypedCodesAndEndAnUnansweredRequestInOneTimeoutFailure()
    {
        client = AnthillClient.connect(new AnthillClientContext()
            .clientEndpoints(List.of("127.0.0.1:9", "127.0.0.1:10", "127.0.0.1:11"))
            .partitionCount(2)
            .sessionCount(1)
            .payloadLengthMax(16)
            .retryIntervalMs(20)
            .requestTimeoutMs(300)
            .embeddedDriverDirectory(dir.resolve("aeron")));
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);

        assertEquals(AnthillClient.UNKNOWN_PARTITION, client.submit(2, payload, 0, 8));
        assertEquals(AnthillClient.PAYLOAD_TOO_LARGE, client.submit(0, payload, 0, 17));
        final long requestId = client.submit(1, payload, 0, 8);
        assertTrue(requestId > 0);
        assertEquals(AnthillClient.TOO_MANY_IN_FLIGHT, client.submit(0, payload, 0, 8));

        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.inFlight() > 0 && System.nanoTime() < deadlineNs)
        {
            client.poll(recorder);
        }
        assertEquals(List.of(requestId + " failed " + ErrorCode.TIMEOUT), outcomes);
        for (int i = 0; i < 100; i++)
        {
            client.poll(recorder);
        }
        assertEquals(1, outcomes.size(), "one outcome per request");
        assertTrue(client.submit(0, payload, 0, 8) > requestId, "request ids only grow");
        client.close();
        assertEquals(2, outcomes.size(), "closing ends the request in flight with a failure");
        assertEquals(AnthillClient.CLOSED, client.submit(0, payload, 0, 8));
    }

    @Test
    void shouldMoveOnFromAHostItCannotReachInsteadOfOfferingToItUntilTheTimeout()
    {
        client = AnthillClient.connect(new AnthillClientContext()
            .clientEndpoints(List.of("127.0.0.1:9", "127.0.0.1:10", "127.0.0.1:11"))
            .partitionCount(1)
            .retryIntervalMs(20)
            .requestTimeoutMs(2_000)
            .embeddedDriverDirectory(dir.resolve("aeron")));
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        final int firstHost = client.primaryHostOf(0);
        assertTrue(client.submit(0, payload, 0, 8) > 0);

        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (client.primaryHostOf(0) == firstHost && System.nanoTime() < deadlineNs)
        {
            client.poll(recorder);
        }
        assertTrue(client.primaryHostOf(0) != firstHost, "the request moved on from the unreachable host");
        assertEquals(List.of(), outcomes, "and is still in flight, not failed");
    }

    @Test
    void shouldRejectAContextWithoutEndpoints()
    {
        assertThrows(IllegalStateException.class, () -> new AnthillClientContext().partitionCount(1).conclude());
        assertThrows(IllegalStateException.class, () -> new AnthillClientContext()
            .clientEndpoints(List.of("127.0.0.1:9")).partitionCount(1).replicationFactor(3).conclude());
    }
}
