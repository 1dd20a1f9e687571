package io.anthill.engine;

import java.nio.file.Path;
import java.util.List;

import io.anthill.journal.DurabilityPolicy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A live read model's digest, asked on its own thread ({@link Partition#queryDigest}): the answer carries the digest
 * of the read model at the position it reports, which is what an offline replay to that position must reproduce.
 */
class ReadModelDigestTest
{
    private static final int WRITES = 50;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerTheReadModelsDigestAtThePositionItReports()
    {
        final SummingProjection sums = new SummingProjection();
        final RecordingSink writes = new RecordingSink();
        final RecordingQuerySink answers = new RecordingQuerySink();
        final Partition partition = Partition.launch(new PartitionContext()
            .partitionId(0)
            .stateMachine(new LedgerStateMachine())
            .addProjection(sums)
            .responseSink(writes)
            .journalDirectory(dir.resolve("journal"))
            .snapshotDirectory(dir.resolve("snapshots"))
            .durability(DurabilityPolicy.NONE)
            .snapshotIntervalOps(0)
            .ringSize(1024));
        try
        {
            final UnsafeBuffer deposit = LedgerStateMachine.deposit(7, 3);
            for (int i = 1; i <= WRITES; i++)
            {
                assertEquals(SubmitResult.ACCEPTED, partition.submit(1, i, deposit, 0, deposit.capacity()));
            }
            writes.awaitCount(WRITES);
            partition.awaitApplied(WRITES, 30_000);
            assertEquals(List.of(sums.name()), partition.readModelNames());
            assertEquals(SubmitResult.UNKNOWN_READ_MODEL, partition.queryDigest(1, 9, answers));

            assertEquals(SubmitResult.ACCEPTED, partition.queryDigest(0, 9, answers));
            final RecordingQuerySink.Answer answer = answers.awaitOne();
            partition.close();

            assertNull(answer.rejection());
            assertEquals(9, answer.requestId());
            assertEquals(WRITES, answer.position(), "a quiet partition's read model is at its last op");
            assertEquals(sums.digest(), answer.value(), "the digest of the read model at that position");
        }
        finally
        {
            partition.close();
        }
        assertEquals(SubmitResult.NOT_RUNNING, partition.queryDigest(0, 10, answers));
        assertEquals(1, answers.answers.size(), "a refused request is refused by the call, not answered later");
    }
}
