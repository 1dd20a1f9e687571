package io.anthill.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.anthill.journal.DrivenJournalClock;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Read models ride in the partition's snapshots: a single node whose read models all snapshot trims its journal
 * behind its snapshots and still restarts to the read-model digests of a full replay from op 1; a snapshot lacking a
 * read model falls back to op 1 while the journal has it, and otherwise fails naming the read model. Chronicle rolls
 * a journal file per second of a driven clock, so retention shows without waiting.
 */
class ReadModelSnapshotRecoveryTest
{
    private static final long TIMEOUT_MS = 60_000;
    private static final int SNAPSHOT_INTERVAL_OPS = 20;
    private static final int ROUNDS = 6;
    private static final long TAIL_OPS = 7;
    private static final long LAST_OP = ROUNDS * SNAPSHOT_INTERVAL_OPS + TAIL_OPS;

    @TempDir
    Path dir;

    private final DrivenJournalClock journalClock = new DrivenJournalClock();
    private final List<Partition> launched = new ArrayList<>();

    @AfterEach
    void closeAll()
    {
        launched.forEach(Partition::close);
    }

    @Test
    void shouldTrimTheJournalAndRestartToTheReadModelDigestsOfAFullReplay()
    {
        final Reference reference = reference();
        runRoundsWithSnapshots(dir.resolve("trimmed"), new SummingProjection(), new BalanceProjection());
        assertEquals((ROUNDS - 2) * SNAPSHOT_INTERVAL_OPS + 1, firstOpOf(dir.resolve("trimmed")),
            "two snapshots kept, the oldest at op 100: files wholly before it are gone, op 1 with them");

        final LedgerStateMachine ledger = new LedgerStateMachine();
        final SummingProjection sums = new SummingProjection();
        final BalanceProjection balances = new BalanceProjection();
        final Partition restarted = launch(dir.resolve("trimmed"), ledger, SNAPSHOT_INTERVAL_OPS, true, sums, balances);
        assertEquals(LAST_OP, restarted.appliedOp());
        awaitPositions(restarted, LAST_OP, sums.name(), balances.name());
        restarted.close();

        assertEquals(reference.sumsDigest, sums.digest());
        assertEquals(reference.sumsEvents, sums.events());
        assertEquals(reference.balancesDigest, balances.digest());
        assertEquals(reference.stateDigest, restarted.stateDigest());
        assertEquals(TAIL_OPS, ledger.commandsSeenReplaying(), "recovery replayed only the ops after the snapshot");
    }

    @Test
    void shouldFailNamingTheReadModelASnapshotLacksOnceTheJournalIsTrimmed()
    {
        runRoundsWithSnapshots(dir.resolve("trimmed"), new SummingProjection());

        final SummingProjection added = new SummingProjection("added-later");
        final ReadModelSnapshotMissingException missing = assertThrows(ReadModelSnapshotMissingException.class,
            () -> launch(dir.resolve("trimmed"), new LedgerStateMachine(), SNAPSHOT_INTERVAL_OPS, true,
                new SummingProjection(), added));
        assertEquals("added-later", missing.readModelName());
    }

    @Test
    void shouldReplayFromOpOneWhenASnapshotLacksAReadModelAndTheJournalStillHoldsIt()
    {
        final Reference reference = reference();
        runRoundsWithSnapshots(dir.resolve("whole"), false, new SummingProjection());
        assertEquals(1, firstOpOf(dir.resolve("whole")));

        final LedgerStateMachine ledger = new LedgerStateMachine();
        final SummingProjection sums = new SummingProjection();
        final SummingProjection added = new SummingProjection("added-later");
        final Partition restarted = launch(dir.resolve("whole"), ledger, SNAPSHOT_INTERVAL_OPS, false, sums, added);
        awaitPositions(restarted, LAST_OP, sums.name(), added.name());
        restarted.close();

        assertEquals(LAST_OP, ledger.commandsSeenReplaying(), "replayed from op 1");
        assertEquals(reference.sumsDigest, sums.digest());
        assertEquals(reference.sumsDigest, added.digest());
        assertEquals(reference.stateDigest, restarted.stateDigest());
    }

    @Test
    void shouldKeepTheWholeJournalWhenAReadModelDoesNotSnapshot()
    {
        runRoundsWithSnapshots(dir.resolve("kept"), false, new SummingProjection(), new RecordingProjection());
        assertEquals(1, firstOpOf(dir.resolve("kept")));
    }

    /**
     * The same commands, one uninterrupted run without snapshots: what a replay from op 1 gives.
     */
    private Reference reference()
    {
        final SummingProjection sums = new SummingProjection();
        final BalanceProjection balances = new BalanceProjection();
        final Partition partition = launch(dir.resolve("reference"), new LedgerStateMachine(), 0, false, sums, balances);
        depositRange(partition, 1, LAST_OP);
        partition.awaitApplied(LAST_OP, TIMEOUT_MS);
        awaitPositions(partition, LAST_OP, sums.name(), balances.name());
        partition.close();
        return new Reference(partition.stateDigest(), sums.digest(), sums.events(), balances.digest());
    }

    private void runRoundsWithSnapshots(final Path root, final Projection... projections)
    {
        runRoundsWithSnapshots(root, true, projections);
    }

    /**
     * Rounds of {@link #SNAPSHOT_INTERVAL_OPS} deposits, each ending in a snapshot and on a new journal file, then a
     * short tail whose journal batches apply the retention the last snapshot allowed.
     */
    private void runRoundsWithSnapshots(final Path root, final boolean rollCycles, final Projection... projections)
    {
        final Partition partition = launch(root, new LedgerStateMachine(), SNAPSHOT_INTERVAL_OPS, rollCycles,
            projections);
        for (int round = 1; round <= ROUNDS; round++)
        {
            final long lastOp = (long)round * SNAPSHOT_INTERVAL_OPS;
            depositRange(partition, lastOp - SNAPSHOT_INTERVAL_OPS + 1, lastOp);
            partition.awaitApplied(lastOp, TIMEOUT_MS);
            awaitSnapshotsTaken(partition, round);
            journalClock.nextFile();
        }
        depositRange(partition, LAST_OP - TAIL_OPS + 1, LAST_OP);
        partition.awaitApplied(LAST_OP, TIMEOUT_MS);
        partition.close();
        assertEquals(0, partition.counters().snapshotsAbandoned());
    }

    private long firstOpOf(final Path root)
    {
        try (Journal journal = Journal.open(journalClock.apply(new JournalContext()).directory(root.resolve("journal"))
            .partitionId(0).readOnly(true)))
        {
            return journal.firstOp();
        }
    }

    private Partition launch(
        final Path root, final StateMachine stateMachine, final long snapshotIntervalOps, final boolean rollCycles,
        final Projection... projections)
    {
        final PartitionContext ctx = new PartitionContext()
            .partitionId(0)
            .stateMachine(stateMachine)
            .responseSink(new RecordingSink())
            .journalDirectory(root.resolve("journal"))
            .snapshotDirectory(root.resolve("snapshots"))
            .durability(DurabilityPolicy.BATCH)
            .snapshotIntervalOps(snapshotIntervalOps)
            .snapshotKeepCount(2)
            .ringSize(256);
        if (rollCycles)
        {
            ctx.journalTuning(journalClock::apply);
        }
        for (final Projection projection : projections)
        {
            ctx.addProjection(projection);
        }
        final Partition partition = Partition.launch(ctx);
        launched.add(partition);
        return partition;
    }

    private static void depositRange(final Partition partition, final long firstRequestId, final long lastRequestId)
    {
        for (long requestId = firstRequestId; requestId <= lastRequestId; requestId++)
        {
            final UnsafeBuffer payload = LedgerStateMachine.deposit(requestId % 7, requestId);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            SubmitResult result;
            while ((result = partition.submit(1, requestId, payload, 0, payload.capacity())) == SubmitResult.OVERLOADED)
            {
                assertTrue(System.nanoTime() < deadlineNs, "ring stayed full");
                Thread.yield();
            }
            assertEquals(SubmitResult.ACCEPTED, result);
        }
    }

    private static void awaitSnapshotsTaken(final Partition partition, final long count)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (partition.counters().snapshotsTaken() < count)
        {
            assertTrue(System.nanoTime() < deadlineNs, "only " + partition.counters().snapshotsTaken() +
                " snapshots written, " + partition.counters().snapshotsAbandoned() + " abandoned");
            Thread.yield();
        }
    }

    static void awaitPositions(final Partition partition, final long op, final String... readModels)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        for (final String readModel : readModels)
        {
            while (partition.projectionPosition(readModel) < op)
            {
                assertTrue(System.nanoTime() < deadlineNs, readModel + " is at " +
                    partition.projectionPosition(readModel) + ", not " + op);
                Thread.yield();
            }
        }
    }

    private record Reference(long stateDigest, long sumsDigest, long sumsEvents, long balancesDigest)
    {
    }
}
