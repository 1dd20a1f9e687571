package io.anthill.replication.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.engine.Partition;
import io.anthill.engine.Projection;
import io.anthill.replication.aeron.LoopbackPorts;
import io.anthill.replication.cluster.RunningTotalDomain;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica that stayed down while its peers snapshotted and deleted the journal files it would need is sent a
 * snapshot: three real nodes over UDP on 127.0.0.1, journals rolling a file per second so that retention has something
 * to delete. The restarted replica installs the primary's snapshot (state machine, sessions and read model), restarts
 * its journal after it, catches up the rest from the log, and ends with the same state and read model as its peers;
 * restarted once more, it recovers from the snapshot it installed.
 */
class SnapshotTransferTest
{
    private static final int PARTITION = 0;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long SESSION = 9;

    @TempDir
    Path dir;

    private final List<String> endpoints = List.of(
        LoopbackPorts.freeEndpoint(), LoopbackPorts.freeEndpoint(), LoopbackPorts.freeEndpoint());
    private final ReplicaNode[] nodes = new ReplicaNode[3];
    private final CountersManager[] counters = new CountersManager[3];
    private final Projection[] readModels = new Projection[3];
    private final RunningTotalWriter writer = new RunningTotalWriter(nodes, PARTITION, SESSION);
    private long nextRequest = 1;

    @AfterEach
    void closeAll()
    {
        CloseHelper.quietCloseAll(nodes);
    }

    @Test
    void shouldSendASnapshotToAReplicaBehindTheLogItsPeersStillHold()
    {
        for (int i = 0; i < 3; i++)
        {
            nodes[i] = launch(i);
        }
        writeMany(50);
        final int stopped = (writer.knownPrimary() + 1) % 3;
        awaitApplied(nodes[stopped].partition(PARTITION), nodes[writer.knownPrimary()].partition(PARTITION).appliedOp());
        final long stoppedLastOp = nodes[stopped].partition(PARTITION).appliedOp();
        nodes[stopped].close();
        nodes[stopped] = null;

        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (!peersTrimmedPast(stopped, stoppedLastOp))
        {
            assertTrue(System.nanoTime() < deadlineNs, "the running replicas never deleted the journal files after op " +
                stoppedLastOp);
            writeMany(20);
            // refused only if the primary changed under a loaded machine: the next round's writes find the new one
            nodes[writer.knownPrimary()].partition(PARTITION).requestSnapshot();
            awaitNextSecond(); // journals roll a file per second of the wall clock
        }
        writeMany(30);

        nodes[stopped] = launch(stopped);
        final long lastOp = nodes[writer.knownPrimary()].partition(PARTITION).appliedOp();
        awaitApplied(nodes[stopped].partition(PARTITION), lastOp);
        assertTrue(counter(stopped, "snapshots installed from peers") >= 1, "the restarted replica installed a snapshot");
        assertTrue(counter(stopped, "journal first op") > stoppedLastOp + 1, "its journal restarted after the snapshot");
        writeMany(20);
        assertSameStateEverywhere();

        // once more: the replica recovers from the snapshot it installed and its restarted journal
        for (int i = 0; i < 3; i++)
        {
            nodes[i] = launch(i);
        }
        writeMany(20);
        assertSameStateEverywhere();
        assertEquals(nextRequest - 1, writer.totalAnswered(nextRequest - 1), "every write applied exactly once");
    }

    private boolean peersTrimmedPast(final int stopped, final long stoppedLastOp)
    {
        for (int i = 0; i < 3; i++)
        {
            if (i != stopped && counter(i, "journal first op") <= stoppedLastOp + 1)
            {
                return false;
            }
        }
        return true;
    }

    private void assertSameStateEverywhere()
    {
        final long lastOp = nodes[writer.knownPrimary()].partition(PARTITION).appliedOp();
        final Partition[] replicas = new Partition[3];
        for (int i = 0; i < 3; i++)
        {
            replicas[i] = nodes[i].partition(PARTITION);
            awaitApplied(replicas[i], lastOp);
        }
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        for (int i = 0; i < 3; i++)
        {
            while (replicas[i].projectionPosition(readModels[i].name()) < lastOp)
            {
                assertTrue(System.nanoTime() < deadlineNs, "read model of replica " + i + " stuck at " +
                    replicas[i].projectionPosition(readModels[i].name()));
                Thread.yield();
            }
        }
        closeAll();
        final long[] digests = new long[3];
        for (int i = 0; i < 3; i++)
        {
            nodes[i] = null;
            assertEquals(lastOp, replicas[i].appliedOp(), "replica " + i + " applied the whole log");
            digests[i] = replicas[i].stateDigest(); // only after close: the state belongs to the logic thread
        }
        for (int i = 1; i < 3; i++)
        {
            assertEquals(digests[0], digests[i], "replica " + i + " holds the state of replica 0");
            assertEquals(readModels[0].digest(), readModels[i].digest(), "replica " + i + " holds the read model of 0");
        }
    }

    private void awaitNextSecond()
    {
        final long second = System.currentTimeMillis() / 1000;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.currentTimeMillis() / 1000 == second && System.nanoTime() < deadlineNs)
        {
            Thread.yield();
        }
    }

    private long counter(final int node, final String labelPart)
    {
        final long[] value = {-1};
        counters[node].forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (label.contains("partition " + PARTITION + ": " + labelPart))
            {
                value[0] = counters[node].getCounterValue(counterId);
            }
        });
        return value[0];
    }

    private void writeMany(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            writer.writeUntilAcknowledged(nextRequest++);
        }
    }

    private static void awaitApplied(final Partition partition, final long op)
    {
        partition.awaitApplied(op, TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NS));
    }

    private ReplicaNode launch(final int index)
    {
        final RunningTotalDomain domain = new RunningTotalDomain();
        return ReplicaNode.launch(new ReplicaNodeContext()
            .nodeIndex(index)
            .replicationEndpoints(endpoints)
            .partitions(List.of(PARTITION))
            .dataDirectory(dir.resolve("node-" + index))
            .journalRollCycle(TestRollCycles.TEST_SECONDLY)
            .countersManager(counters[index] = new CountersManager(
                new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(16 * 1024))))
            .stateMachines(domain::newStateMachine)
            .projections(partitionId ->
            {
                final List<Projection> projections = domain.newProjections(partitionId);
                readModels[index] = projections.get(0);
                return projections;
            })
            .responseSinks(partitionId -> writer.responseSink())
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(20))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300)));
    }
}
