package io.anthill.perf.aeroncluster;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.RecordingLog;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.perf.harness.CompletionHandler;
import io.anthill.perf.harness.LoadGenerator;
import io.anthill.perf.harness.LoadGeneratorContext;
import io.anthill.perf.harness.LoadResult;
import io.anthill.perf.harness.OperationStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison harness end to end with real processes: three Aeron Cluster member JVMs on 127.0.0.1 answer every one
 * of 200 open-loop requests, their ledgers match, every member takes a snapshot, the leader is killed by PID and the
 * survivors elect a new one whose ledger still matches, the killed member restarts from its snapshot and catches up
 * to the same ledger, and no member process outlives the test. Every wait has a deadline; nothing depends on how
 * fast the machine is, only on the cluster answering within those deadlines.
 */
class AeronClusterHarnessTest
{
    private static final int REQUEST_COUNT = 200;
    private static final long WAIT_TIMEOUT_MS = 30_000;
    private static final int SERVICE_ID = 0;

    @TempDir
    Path dir;

    private MemberProcesses members;
    private final List<Long> pids = new ArrayList<>();

    @AfterEach
    void stopMembers()
    {
        if (null != members)
        {
            members.close();
        }
    }

    @Test
    void shouldAnswerEveryRequestSurviveALeaderKillRecoverFromASnapshotAndLeaveNoProcessBehind()
    {
        final ClusterLayout layout = ClusterLayout.allocate();
        members = MemberProcesses.start(dir, layout, ClusterTimeouts.TUNED);
        for (int member = 0; member < ClusterLayout.MEMBER_COUNT; member++)
        {
            pids.add(members.pid(member));
        }
        try (AeronClusterTarget target = new AeronClusterTarget(dir.resolve("client"), layout))
        {
            final LoadResult result = new LoadGenerator(new LoadGeneratorContext().durationNs(TimeUnit.SECONDS.toNanos(1))
                .warmupNs(0).drainTimeoutNs(TimeUnit.MILLISECONDS.toNanos(WAIT_TIMEOUT_MS)).conclude(),
                AeronClusterScenario.workload(REQUEST_COUNT), target).run();
            final OperationStats writes = result.subject(AeronClusterScenario.OPERATION).orElseThrow();
            assertEquals(REQUEST_COUNT, writes.sentCount());
            assertEquals(REQUEST_COUNT, writes.successCount(), "answered");
            assertEquals(0, writes.noResponseCount(), "lost");
            assertEquals(0, target.rejectedCount(), "every transfer follows a deposit into its source account");

            final AeronClusterTarget.Digest first = target.queryDigest(1_000_000, WAIT_TIMEOUT_MS);
            final long digest = first.value();
            final List<String> lines = ReplicaDigests.await(members, first.requestId(), WAIT_TIMEOUT_MS);
            assertEquals(ClusterLayout.MEMBER_COUNT, lines.size(), String.join("\n", lines));
            assertTrue(ReplicaDigests.allMatch(lines), String.join("\n", lines));
            final long deposited = REQUEST_COUNT / 2 * AeronClusterTarget.DEPOSIT_AMOUNT;
            assertTrue(lines.get(0).contains(" " + deposited + " " + Long.toHexString(digest)), String.join("\n", lines));

            target.requestSnapshot(3_000_000, WAIT_TIMEOUT_MS);
            for (int member = 0; member < ClusterLayout.MEMBER_COUNT; member++)
            {
                awaitLogLine(member, LedgerService.SNAPSHOT_LINE);
                awaitSnapshotRecorded(member);
            }

            final int killed = target.leaderMemberId();
            members.kill(killed);
            assertFalse(members.isAlive(killed));
            awaitNewLeader(target, killed);
            final long afterKill = target.queryDigest(2_000_000, WAIT_TIMEOUT_MS).requestId();
            final List<String> survivors = ReplicaDigests.await(members, afterKill, WAIT_TIMEOUT_MS);
            assertEquals(ClusterLayout.MEMBER_COUNT - 1, survivors.size(), String.join("\n", survivors));
            assertTrue(ReplicaDigests.allMatch(survivors), String.join("\n", survivors));
            assertTrue(survivors.get(0).contains(" " + deposited + " " + Long.toHexString(digest)),
                String.join("\n", survivors));

            members.restart(killed);
            awaitLogLine(killed, LedgerService.RESTORED_LINE);
            final long afterRestart = target.queryDigest(4_000_000, WAIT_TIMEOUT_MS).requestId();
            final List<String> all = ReplicaDigests.await(members, afterRestart, WAIT_TIMEOUT_MS);
            assertEquals(ClusterLayout.MEMBER_COUNT, all.size(), String.join("\n", all));
            assertTrue(ReplicaDigests.allMatch(all), String.join("\n", all) + "\nrestarted member's log:\n" +
                members.log(killed));
            pids.add(members.pid(killed));
        }
        members.close();
        for (final long pid : pids)
        {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");
        }
    }

    private void awaitLogLine(final int member, final String line)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_TIMEOUT_MS);
        while (!members.log(member).contains(line))
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "member " + member + " did not print " + line + ":\n" +
                members.log(member));
            MemberProcesses.pause();
        }
    }

    /**
     * The service has written its snapshot before the consensus module records it in the recording log; a member
     * killed in between would restart without it, so wait until the service's snapshot is in the log.
     */
    private void awaitSnapshotRecorded(final int member)
    {
        final File clusterDir = members.memberDir(member).resolve("cluster").toFile();
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_TIMEOUT_MS);
        while (true)
        {
            try (RecordingLog recordingLog = new RecordingLog(clusterDir, false))
            {
                if (null != recordingLog.getLatestSnapshot(SERVICE_ID) &&
                    null != recordingLog.getLatestSnapshot(ConsensusModule.Configuration.SERVICE_ID))
                {
                    return;
                }
            }
            assertTrue(System.nanoTime() - deadlineNs < 0, "member " + member + " recorded no snapshot");
            MemberProcesses.pause();
        }
    }

    private static void awaitNewLeader(final AeronClusterTarget target, final int killed)
    {
        final CompletionHandler none = new CompletionHandler()
        {
            @Override
            public void onSuccess(final long correlationId, final long responseTimeNs)
            {
            }

            @Override
            public void onError(final long correlationId, final ErrorCode errorCode, final long responseTimeNs)
            {
            }
        };
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_TIMEOUT_MS);
        while (target.leaderMemberId() == killed)
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "no new leader within " + WAIT_TIMEOUT_MS + " ms");
            if (target.poll(none, 16) == 0)
            {
                Thread.yield();
            }
        }
        assertNotEquals(killed, target.leaderMemberId());
    }
}
