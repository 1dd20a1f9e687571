package io.anthill.replication.node;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.engine.Partition;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.replication.aeron.LoopbackPorts;
import io.anthill.replication.cluster.RunningTotalDomain;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real nodes in one JVM, each with its own media driver and journal directory, replicating over UDP on
 * 127.0.0.1: writes are acknowledged only once a quorum holds them, followers apply the same stream, and when the
 * primary dies the next replica takes over without losing an acknowledged write; when every replica restarts at once,
 * their view records let them elect a primary again.
 */
class ReplicatedClusterTest
{
    private static final int PARTITION = 0;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long SESSION = 7;

    @TempDir
    Path dir;

    private final List<String> endpoints = List.of(
        LoopbackPorts.freeEndpoint(), LoopbackPorts.freeEndpoint(), LoopbackPorts.freeEndpoint());
    private final ReplicaNode[] nodes = new ReplicaNode[3];
    private final CountersManager[] counters = new CountersManager[3];
    private final RunningTotalWriter writer = new RunningTotalWriter(nodes, PARTITION, SESSION);
    private DurabilityPolicy durability = DurabilityPolicy.BATCH;

    @AfterEach
    void closeAll()
    {
        CloseHelper.quietCloseAll(nodes);
    }

    @Test
    void shouldReplicateAndFailOverToTheNextReplicaWithoutLosingAcknowledgedWrites()
    {
        writeKillThePrimaryAndWriteMore();

        assertEquals(150L, writer.totalAnswered(150L), "every acknowledged write survived the failover, applied once");
        final long lastOp = nodes[writer.knownPrimary()].partition(PARTITION).appliedOp();
        for (final ReplicaNode node : nodes)
        {
            if (null != node)
            {
                awaitApplied(node.partition(PARTITION), lastOp);
            }
        }
    }

    @Test
    void shouldAcknowledgeFromThePageCacheWhenDurabilityIsNone()
    {
        durability = DurabilityPolicy.NONE;
        writeKillThePrimaryAndWriteMore();

        assertEquals(150L, writer.totalAnswered(150L), "the page-cache opt-in survives a process failure too");
    }

    @Test
    void shouldPublishOnThePrimaryTheReplicationLagOfAFollowerThatStopped()
    {
        for (int i = 0; i < 3; i++)
        {
            nodes[i] = launch(i);
        }
        for (long request = 1; request <= 20; request++)
        {
            writer.writeUntilAcknowledged(request);
        }
        final int primary = writer.knownPrimary();
        final int stopped = (primary + 1) % 3;
        nodes[stopped].close();
        nodes[stopped] = null;
        for (long request = 21; request <= 50; request++)
        {
            writer.writeUntilAcknowledged(request);
        }
        final int running = 3 - primary - stopped;
        final String prefix = "node " + primary + " partition " + PARTITION + ": replication lag of replica ";
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (counter(primary, prefix + stopped + " ") < 30 || counter(primary, prefix + running + " ") != 0)
        {
            assertTrue(System.nanoTime() < deadlineNs, () -> "lag of replica " + stopped + ": " +
                counter(primary, prefix + stopped + " ") + ", of replica " + running + ": " + counter(primary, prefix + running + " "));
            Thread.yield();
        }
    }

    private long counter(final int node, final String labelPrefix)
    {
        final long[] value = {-1};
        counters[node].forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (label.startsWith(labelPrefix))
            {
                value[0] = counters[node].getCounterValue(counterId);
            }
        });
        return value[0];
    }

    @Test
    void shouldLogOneCatchUpStartAndEndWhenAKilledReplicaRestartsAndCatchesUp()
    {
        final ByteArrayOutputStream events = new ByteArrayOutputStream();
        final PrintStream originalErr = System.err;
        System.setErr(new PrintStream(events, true, StandardCharsets.UTF_8));
        try
        {
            final int killed = writeKillThePrimaryAndWriteMore();
            final long lastOp = nodes[writer.knownPrimary()].partition(PARTITION).appliedOp();
            nodes[killed] = launch(killed);
            awaitApplied(nodes[killed].partition(PARTITION), lastOp);

            final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
            while (!events.toString(StandardCharsets.UTF_8).contains("event=catch_up_end "))
            {
                assertTrue(System.nanoTime() < deadlineNs, () -> "no catch_up_end in:\n" + events);
                Thread.yield();
            }
            final List<String> lines = events.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains(" event=catch_up_")).toList();
            assertEquals(2, lines.size(), lines::toString);
            assertTrue(lines.get(0).contains("level=INFO event=catch_up_start partition=0 applied_op="), lines.get(0));
            assertTrue(lines.get(1).matches(".* event=catch_up_end partition=0 view=\\d+ applied_op=\\d+ ops=\\d+ " +
                "duration_ms=\\d+"), lines.get(1));
        }
        finally
        {
            System.setErr(originalErr);
        }
    }

    /**
     * @return the node that was the primary and was killed.
     */
    private int writeKillThePrimaryAndWriteMore()
    {
        for (int i = 0; i < 3; i++)
        {
            nodes[i] = launch(i);
        }
        for (long request = 1; request <= 100; request++)
        {
            writer.writeUntilAcknowledged(request);
        }
        for (final ReplicaNode node : nodes)
        {
            awaitApplied(node.partition(PARTITION), 100);
        }

        final int killed = writer.knownPrimary();
        nodes[killed].close();
        nodes[killed] = null;
        for (long request = 101; request <= 150; request++)
        {
            writer.writeUntilAcknowledged(request);
        }
        return killed;
    }

    @Test
    void shouldElectAPrimaryAgainWhenEveryReplicaRestartsAtOnce()
    {
        for (int i = 0; i < 3; i++)
        {
            nodes[i] = launch(i);
        }
        for (long request = 1; request <= 100; request++)
        {
            writer.writeUntilAcknowledged(request);
        }

        // a power loss of the whole group, or `cluster stop; start`: nobody is left that never stopped, so VR's
        // recovery protocol alone would wait forever; each replica's view record lets it vote with its journal
        for (int i = 0; i < 3; i++)
        {
            nodes[i].close();
            nodes[i] = null;
        }
        for (int i = 0; i < 3; i++)
        {
            nodes[i] = launch(i);
        }
        for (long request = 101; request <= 150; request++)
        {
            writer.writeUntilAcknowledged(request);
        }

        assertEquals(150L, writer.totalAnswered(150L), "no acknowledged write lost across the restart, none applied twice");
        assertTrue(nodes[writer.knownPrimary()].view(PARTITION) > 0, "the restarted group elected a primary in a newer view");
        final long lastOp = nodes[writer.knownPrimary()].partition(PARTITION).appliedOp();
        final Partition[] replicas = new Partition[3];
        for (int i = 0; i < 3; i++)
        {
            replicas[i] = nodes[i].partition(PARTITION);
            awaitApplied(replicas[i], lastOp);
        }
        closeAll();
        final long[] digests = new long[3];
        for (int i = 0; i < 3; i++)
        {
            assertEquals(lastOp, replicas[i].appliedOp(), "replica " + i + " applied the whole log");
            digests[i] = replicas[i].stateDigest(); // only after close: the state belongs to the logic thread
        }
        assertEquals(digests[0], digests[1], "replicas 0 and 1 hold the same state");
        assertEquals(digests[0], digests[2], "replicas 0 and 2 hold the same state");
    }

    private static void awaitApplied(final Partition partition, final long op)
    {
        partition.awaitApplied(op, TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NS));
    }

    private ReplicaNode launch(final int index)
    {
        return ReplicaNode.launch(new ReplicaNodeContext()
            .nodeIndex(index)
            .replicationEndpoints(endpoints)
            .partitions(List.of(PARTITION))
            .dataDirectory(dir.resolve("node-" + index))
            .countersManager(counters[index] = new CountersManager(
                new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024))))
            .durability(durability)
            .stateMachines(new RunningTotalDomain()::newStateMachine)
            .responseSinks(partitionId -> writer.responseSink())
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(20))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300)));
    }

}
