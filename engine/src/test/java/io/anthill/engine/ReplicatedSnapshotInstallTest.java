package io.anthill.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica catching up from a snapshot ({@link Partition#installLatestSnapshot}), driven by the test as the replica
 * agent would: the partition returns to the state machine, sessions, alarms and read models of the snapshot's op,
 * and the log published after that op continues from there.
 */
class ReplicatedSnapshotInstallTest
{
    private static final long TIMEOUT_MS = 30_000;
    private static final long SNAPSHOT_OP = 5;
    private static final long LAST_OP = 8;

    @TempDir
    Path dir;

    private final List<Partition> launched = new ArrayList<>();

    @AfterEach
    void closeAll()
    {
        launched.forEach(Partition::close);
    }

    @Test
    void shouldInstallTheSnapshotsStateAndReadModels()
    {
        final Replica replica = new Replica(dir.resolve("replica"), true);
        final Digests atSnapshot = replica.runAsPrimary();

        assertEquals(SNAPSHOT_OP, replica.partition.installLatestSnapshot(2));
        assertEquals(SNAPSHOT_OP, replica.partition.appliedOp());
        assertEquals(SNAPSHOT_OP, replica.partition.projectionPosition(replica.sums.name()));
        assertEquals(SNAPSHOT_OP, replica.partition.projectionPosition(replica.balances.name()));
        assertEquals(2, replica.partition.view());
        assertEquals(atSnapshot.sums, replica.sums.digest());
        assertEquals(atSnapshot.balances, replica.balances.digest());
        replica.partition.close();

        assertEquals(reference(List.copyOf(replica.forwarded), SNAPSHOT_OP).state, replica.partition.stateDigest());
    }

    @Test
    void shouldContinueWithTheLogAfterTheSnapshotsOp()
    {
        final Replica replica = new Replica(dir.resolve("replica"), true);
        replica.runAsPrimary();
        final Digests uninterrupted = new Digests(0, replica.sums.digest(), replica.balances.digest());
        final List<Entry> log = List.copyOf(replica.forwarded);

        replica.partition.installLatestSnapshot(2);
        replica.partition.openIngress();
        assertEquals(SubmitResult.NOT_PRIMARY, replica.partition.submit(1, 99, LedgerStateMachine.deposit(1, 1), 0,
            LedgerStateMachine.PAYLOAD_LENGTH), "installed as a follower");
        replica.publish(2, SNAPSHOT_OP + 1, LAST_OP);
        replica.partition.awaitApplied(LAST_OP, TIMEOUT_MS);
        ReadModelSnapshotRecoveryTest.awaitPositions(replica.partition, LAST_OP, replica.sums.name(),
            replica.balances.name());
        assertEquals(uninterrupted.sums, replica.sums.digest());
        assertEquals(uninterrupted.balances, replica.balances.digest());
        replica.partition.close();

        assertEquals(reference(log, LAST_OP).state, replica.partition.stateDigest());
        assertEquals(0, replica.partition.counters().snapshotsAbandoned());
    }

    @Test
    void shouldRefuseASnapshotThatLacksAReadModelAndKeepRunning()
    {
        final Replica first = new Replica(dir.resolve("replica"), false);
        first.runAsPrimary();
        first.partition.close();

        final Replica second = new Replica(dir.resolve("replica"), true);
        second.partition.startEpoch(1, false);
        final ReadModelSnapshotMissingException missing = assertThrows(ReadModelSnapshotMissingException.class,
            () -> second.partition.installLatestSnapshot(2));
        assertEquals(second.balances.name(), missing.readModelName());
        assertEquals(SNAPSHOT_OP, missing.snapshotOp());

        second.forwarded.addAll(first.forwarded);
        second.publish(1, 1, LAST_OP);
        second.partition.awaitApplied(LAST_OP, TIMEOUT_MS);
    }

    @Test
    void shouldRefuseToInstallOnASingleNode()
    {
        final Partition single = Partition.launch(new PartitionContext()
            .partitionId(1)
            .stateMachine(new LedgerStateMachine())
            .responseSink(new RecordingSink())
            .journalDirectory(dir.resolve("single/journal"))
            .snapshotDirectory(dir.resolve("single/snapshots"))
            .ringSize(64));
        launched.add(single);
        assertThrows(IllegalStateException.class, () -> single.installLatestSnapshot(1));
    }

    /**
     * A replica that never installs: the log's first ops applied in one run, closed, digested.
     */
    private Digests reference(final List<Entry> log, final long lastOp)
    {
        final Replica reference = new Replica(dir.resolve("reference-" + lastOp), true);
        reference.forwarded.addAll(log);
        reference.partition.startEpoch(1, false);
        reference.publish(1, 1, lastOp);
        reference.partition.awaitApplied(lastOp, TIMEOUT_MS);
        reference.partition.close();
        return new Digests(reference.partition.stateDigest(), reference.sums.digest(), reference.balances.digest());
    }

    private record Digests(long state, long sums, long balances)
    {
    }

    private record Entry(long op, long timestampNs, UnsafeBuffer body)
    {
    }

    /**
     * One replicated partition with two read models that snapshot, and the entries its ring forwarded.
     */
    private final class Replica
    {
        final ConcurrentLinkedQueue<Entry> forwarded = new ConcurrentLinkedQueue<>();
        final CommitGate gate = CommitGate.replicated();
        final SummingProjection sums = new SummingProjection();
        final BalanceProjection balances = new BalanceProjection();
        final Partition partition;

        Replica(final Path root, final boolean withBalances)
        {
            final PartitionContext ctx = new PartitionContext()
                .partitionId(3)
                .replicated(true)
                .commitGate(gate)
                .stateMachine(new LedgerStateMachine())
                .responseSink(new RecordingSink())
                .addProjection(sums)
                .replicationHandler((entry, endOfBatch) ->
                {
                    final byte[] copy = new byte[entry.bodyLength()];
                    entry.body().getBytes(entry.bodyOffset(), copy);
                    forwarded.add(new Entry(entry.op(), entry.timestampNs(), new UnsafeBuffer(copy)));
                })
                .journalDirectory(root.resolve("journal"))
                .snapshotDirectory(root.resolve("snapshots"))
                .snapshotIntervalOps(SNAPSHOT_OP)
                .ringSize(64);
            if (withBalances)
            {
                ctx.addProjection(balances);
            }
            partition = Partition.launch(ctx);
            launched.add(partition);
        }

        /**
         * Primary of view 1: ops 1 to 8 submitted and committed, a snapshot written at op 5.
         *
         * @return the read models' digests at op 5.
         */
        Digests runAsPrimary()
        {
            partition.startEpoch(1, true);
            partition.openIngress();
            submitAndCommit(1, SNAPSHOT_OP);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            while (partition.counters().snapshotsTaken() < 1)
            {
                assertTrue(System.nanoTime() < deadlineNs, "no snapshot at op " + SNAPSHOT_OP);
                Thread.yield();
            }
            final Digests atSnapshot = new Digests(0, sums.digest(), balances.digest());
            submitAndCommit(SNAPSHOT_OP + 1, LAST_OP);
            return atSnapshot;
        }

        private void submitAndCommit(final long firstOp, final long lastOp)
        {
            for (long op = firstOp; op <= lastOp; op++)
            {
                final UnsafeBuffer payload = LedgerStateMachine.deposit(op % 3, op * 10);
                assertEquals(SubmitResult.ACCEPTED, partition.submit(1, op, payload, 0, payload.capacity()));
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            while (forwarded.size() < lastOp)
            {
                assertTrue(System.nanoTime() < deadlineNs, "only " + forwarded.size() + " entries reached replication");
                Thread.yield();
            }
            gate.commit(lastOp);
            partition.awaitApplied(lastOp, TIMEOUT_MS);
            ReadModelSnapshotRecoveryTest.awaitPositions(partition, lastOp, partition.readModelNames().toArray(new String[0]));
        }

        /**
         * Publishes the forwarded log's ops firstOp to lastOp into the current epoch and commits them (the entries
         * published are forwarded again, after the ones read here).
         */
        void publish(final long view, final long firstOp, final long lastOp)
        {
            for (final Entry entry : List.copyOf(forwarded))
            {
                if (entry.op >= firstOp && entry.op <= lastOp)
                {
                    assertEquals(SubmitResult.ACCEPTED, partition.publishReplicated(view, entry.op, entry.timestampNs,
                        entry.body, 0, entry.body.capacity()));
                }
            }
            gate.commit(lastOp);
        }
    }
}
