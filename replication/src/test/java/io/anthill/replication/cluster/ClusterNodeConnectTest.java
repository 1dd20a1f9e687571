package io.anthill.replication.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.replication.aeron.LoopbackPorts;
import io.anthill.replication.client.AnthillClient;
import io.anthill.replication.client.AnthillClientContext;
import io.anthill.replication.client.OutcomeRecorder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real node (one host, one replica, its own media driver) and the real client over UDP on 127.0.0.1: the node
 * answers a session's first Connect even though its publication back to the client is brand new, so the client
 * sends one Connect and no answer is dropped. The client's retry
 * interval is long here, so a dropped Connected would show as a third frame (the repeated Connect).
 */
class ClusterNodeConnectTest
{
    @TempDir
    Path dir;

    private final OutcomeRecorder recorder = new OutcomeRecorder();
    private final List<String> outcomes = recorder.outcomes;
    private ClusterNode node;
    private AnthillClient client;

    @AfterEach
    void close()
    {
        CloseHelper.quietCloseAll(client, node);
    }

    @Test
    void shouldAnswerTheFirstConnectWithoutTheClientRepeatingIt()
    {
        final ClusterFile cluster = ClusterFile.parse(
            "host-1.replication = 127.0.0.1:" + LoopbackPorts.freeUdpPort() + "\n" +
            "host-1.client = 127.0.0.1:" + LoopbackPorts.freeUdpPort() + "\n" +
            "host-1.data = host-1\n" +
            "partitions = 1\n" +
            "replication.factor = 1\n" +
            "admin.credential = test-admin-credential\n", "test", dir);
        node = ClusterNode.launch(cluster, 0, new RunningTotalDomain(), Throwable::printStackTrace);
        client = AnthillClient.connect(new AnthillClientContext()
            .clusterFile(cluster)
            .sessionCount(1)
            .retryIntervalMs(30_000)
            .requestTimeoutMs(60_000)
            .embeddedDriverDirectory(dir.resolve("client-aeron")));

        final long requestId = client.submit(0, RunningTotalDomain.amount(1), 0, Long.BYTES);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (outcomes.isEmpty() && System.nanoTime() < deadlineNs)
        {
            client.poll(recorder);
        }

        assertEquals(List.of(requestId + " answered"), outcomes);
        try (CountersFile counters = CountersFile.open(cluster.hosts().get(0).data()))
        {
            final CountersReader reader = counters.reader();
            // every frame is a Connect, an accepted command, or a refused one (a write sent while the new partition
            // was still opening its ingress is refused and retried: that is not what this test is about)
            final long connects = sum(reader, "host-1 ingress: frames received") -
                sum(reader, "host-1 ingress: commands accepted") - sum(reader, "host-1 ingress: refused ");
            assertEquals(1, connects, "the first Connect was answered: the client never repeated it");
            assertEquals(0, sum(reader, "host-1: client answers dropped"));
        }
    }

    private static long sum(final CountersReader reader, final String labelPart)
    {
        final long[] total = {0};
        final int[] found = {0};
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (label.contains(labelPart))
            {
                total[0] += reader.getCounterValue(counterId);
                found[0]++;
            }
        });
        assertTrue(found[0] > 0, "no counter labelled " + labelPart);
        return total[0];
    }
}
