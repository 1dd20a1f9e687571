package io.anthill.replication.cluster;

import java.nio.file.Path;
import java.util.List;

import io.anthill.replication.client.AnthillClient;
import io.anthill.replication.client.AnthillClientContext;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The acceptance tests with real processes: node JVMs on 127.0.0.1 started from a cluster file, crashed with
 * SIGKILL and stalled with SIGSTOP, and a real {@link AnthillClient} with its default timeouts writing +1 without
 * pause. Every test proves conservation: each acknowledged write was applied exactly once (the acknowledged running
 * totals are exactly 1..N and every replica's total is N), and the replicas' digests match.
 */
class ClusterProcessFailoverTest
{
    private static final int PARTITION = 0;
    private static final int IN_FLIGHT = 4;
    private static final long SETTLE_TIMEOUT_MS = 90_000;
    private static final long WRITE_TIMEOUT_MS = 60_000;
    private static final long READ_TIMEOUT_MS = 30_000;
    private static final long REQUEST_TIMEOUT_MS = 20_000;
    private static final double FAILOVER_PAUSE_MAX_MS = 2_000;

    @TempDir
    Path dir;

    private ClusterProcesses processes;
    private AnthillClient client;
    private ContinuousWriter writer;

    @AfterEach
    void killEverything()
    {
        CloseHelper.quietCloseAll(client, processes);
    }

    @Test
    void shouldFailOverToTheNextReplicaWhenThePrimaryIsKilledAndCatchUpAfterRestart()
    {
        start(3);
        writer.writeMore(300, WRITE_TIMEOUT_MS);
        final int primary = client.primaryHostOf(PARTITION);
        assertTrue(processes.roleOf(primary, PARTITION).startsWith(ClusterProcesses.ROLE_PRIMARY));

        final int ackedBeforeKill = writer.acknowledged();
        processes.kill(primary);
        writer.writeMore(300, WRITE_TIMEOUT_MS);
        final double pauseMs = writer.longestPauseMs(ackedBeforeKill, writer.acknowledged());
        System.out.printf("kill -9 primary host-%d: writes resumed on host-%d after %.1f ms%n", primary + 1,
            client.primaryHostOf(PARTITION) + 1, pauseMs);
        assertTrue(pauseMs < FAILOVER_PAUSE_MAX_MS, "writes paused " + pauseMs + " ms");
        assertEquals(nextReplica(primary), client.primaryHostOf(PARTITION), "failover goes to the next replica");

        processes.start(primary);
        writer.writeUntil("the restarted host rejoins", SETTLE_TIMEOUT_MS, () -> processes.isSettled(PARTITION));
        writer.writeMore(200, WRITE_TIMEOUT_MS);
        assertConservedOn(0, 1, 2);
    }

    @Test
    void shouldFenceAPausedPrimaryThatComesBackAndRejoinItAsFollower()
    {
        start(3);
        writer.writeMore(200, WRITE_TIMEOUT_MS);
        final int primary = client.primaryHostOf(PARTITION);
        final String oldRole = processes.roleOf(primary, PARTITION);
        final int ackedBeforePause = writer.acknowledged();
        processes.pause(primary);
        writer.writeUntil("a new primary acknowledges writes", WRITE_TIMEOUT_MS,
            () -> client.primaryHostOf(PARTITION) != primary && writer.acknowledged() > ackedBeforePause + 100);
        final double pauseMs = writer.longestPauseMs(ackedBeforePause, writer.acknowledged());
        System.out.printf("kill -STOP primary host-%d (%s): writes resumed on host-%d after %.1f ms%n", primary + 1,
            oldRole, client.primaryHostOf(PARTITION) + 1, pauseMs);

        processes.resume(primary);
        writer.writeUntil("the old primary rejoins as a follower in a newer view", SETTLE_TIMEOUT_MS,
            () -> processes.isSettled(PARTITION) && processes.roleOf(primary, PARTITION).startsWith(
                ClusterProcesses.ROLE_FOLLOWER + "@") && !processes.roleOf(primary, PARTITION).equals(
                ClusterProcesses.ROLE_FOLLOWER + oldRole.substring(oldRole.indexOf('@'))));
        System.out.printf("host-%d after -CONT: %s%n", primary + 1, processes.roleOf(primary, PARTITION));
        writer.writeMore(100, WRITE_TIMEOUT_MS);
        assertConservedOn(0, 1, 2);
    }

    @Test
    void shouldKeepWritingWhenAFollowerIsKilled()
    {
        start(3);
        writer.writeMore(300, WRITE_TIMEOUT_MS);
        final int primary = client.primaryHostOf(PARTITION);
        final int follower = nextReplica(primary);
        final int ackedBeforeKill = writer.acknowledged();
        processes.kill(follower);
        writer.writeMore(300, WRITE_TIMEOUT_MS);
        final double pauseMs = writer.longestPauseMs(ackedBeforeKill, writer.acknowledged());
        System.out.printf("kill -9 follower host-%d: longest pause %.1f ms%n", follower + 1, pauseMs);
        assertTrue(pauseMs < FAILOVER_PAUSE_MAX_MS / 2, "writes paused " + pauseMs + " ms");
        assertEquals(primary, client.primaryHostOf(PARTITION), "the primary stays");
        assertConservedOn(primary, 3 - primary - follower);
    }

    @Test
    void shouldElectAPrimaryAgainWhenEveryHostIsKilledAndRestartedAtOnce()
    {
        start(3);
        writer.writeMore(300, WRITE_TIMEOUT_MS);
        // nothing in flight across the outage: with every host down a request could only time out
        writer.drain(WRITE_TIMEOUT_MS);
        final String roleBefore = processes.roleOf(client.primaryHostOf(PARTITION), PARTITION);
        for (int host = 0; host < 3; host++)
        {
            processes.kill(host);
        }
        // no replica is left that never stopped: VR's recovery alone would wait forever; the view records elect
        processes.startAll();
        try
        {
            ClusterProcesses.await("the restarted group elects a primary", SETTLE_TIMEOUT_MS,
                () -> processes.isSettled(PARTITION));
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + processes.describe(PARTITION), ex);
        }
        writer.writeMore(300, WRITE_TIMEOUT_MS);
        final int primary = client.primaryHostOf(PARTITION);
        System.out.printf("kill -9 every host (primary was %s): restarted group elected host-%d as %s%n", roleBefore,
            primary + 1, processes.roleOf(primary, PARTITION));
        assertConservedOn(0, 1, 2);
    }

    @Test
    void shouldSurviveTwoFailuresInAFiveReplicaGroup()
    {
        start(5);
        writer.writeMore(200, WRITE_TIMEOUT_MS);
        final int first = client.primaryHostOf(PARTITION);
        int acked = writer.acknowledged();
        processes.kill(first);
        writer.writeMore(200, WRITE_TIMEOUT_MS);
        final double firstPauseMs = writer.longestPauseMs(acked, writer.acknowledged());
        final int second = client.primaryHostOf(PARTITION);
        acked = writer.acknowledged();
        processes.kill(second);
        writer.writeMore(200, WRITE_TIMEOUT_MS);
        final double secondPauseMs = writer.longestPauseMs(acked, writer.acknowledged());
        System.out.printf("5 replicas: kill -9 host-%d, pause %.1f ms; kill -9 host-%d, pause %.1f ms; primary now host-%d%n",
            first + 1, firstPauseMs, second + 1, secondPauseMs, client.primaryHostOf(PARTITION) + 1);
        assertTrue(firstPauseMs < FAILOVER_PAUSE_MAX_MS && secondPauseMs < FAILOVER_PAUSE_MAX_MS);
        final int[] survivors = new int[3];
        int n = 0;
        for (int host = 0; host < 5; host++)
        {
            if (host != first && host != second)
            {
                survivors[n++] = host;
            }
        }
        assertConservedOn(survivors);
    }

    private void start(final int hosts)
    {
        processes = new ClusterProcesses(dir, hosts, 1, hosts);
        processes.startAll();
        try
        {
            ClusterProcesses.await("every replica in normal operation in one view", SETTLE_TIMEOUT_MS,
                () -> processes.isSettled(PARTITION));
        }
        catch (final AssertionError ex)
        {
            throw new AssertionError(ex.getMessage() + processes.describe(PARTITION), ex);
        }
        // the property under test is that no request is lost, not how fast: a generous time-out keeps a starved CI
        // machine (three node JVMs restarting at once) from turning slow answers into failures
        client = AnthillClient.connect(new AnthillClientContext()
            .clusterFile(processes.cluster())
            .requestTimeoutMs(REQUEST_TIMEOUT_MS)
            .embeddedDriverDirectory(dir.resolve("client-aeron")));
        writer = new ContinuousWriter(client, PARTITION, IN_FLIGHT);
        writer.diagnostics(() -> processes.describe(PARTITION));
    }

    private int nextReplica(final int host)
    {
        return (host + 1) % processes.cluster().hosts().size();
    }

    /**
     * Every request ended, none failed, the acknowledged totals are exactly 1..N, and each given replica (by host,
     * which is its rank for partition 0) has applied exactly N commands with the same digest.
     */
    private void assertConservedOn(final int... hosts)
    {
        writer.drain(WRITE_TIMEOUT_MS);
        assertEquals(List.of(), writer.failures(), "no request failed");
        final int acked = writer.acknowledged();
        assertTrue(writer.totalsAreOneToCount(), "the acknowledged totals are 1.." + acked + ", each once");
        final long[][] states = new long[hosts.length][];
        final StringBuilder seen = new StringBuilder(" (replicas read: ");
        for (int i = 0; i < hosts.length; i++)
        {
            try
            {
                states[i] = writer.readReplica(hosts[i], READ_TIMEOUT_MS);
            }
            catch (final AssertionError ex)
            {
                throw new AssertionError(ex.getMessage() + processes.describe(PARTITION), ex);
            }
            seen.append("host-").append(hosts[i] + 1).append(" count=").append(states[i][0]).append(" total=")
                .append(states[i][1]).append(" digest=").append(Long.toHexString(states[i][2])).append("; ");
        }
        final String diagnostics = seen.append("acknowledged ").append(acked).append(')')
            .append(processes.describe(PARTITION)).toString();
        Long digest = null;
        for (int i = 0; i < hosts.length; i++)
        {
            final int host = hosts[i];
            final long[] state = states[i];
            assertEquals(acked, state[0], "host-" + (host + 1) + " applied every acknowledged write once" + diagnostics);
            assertEquals(acked, state[1], "host-" + (host + 1) + " total" + diagnostics);
            if (null != digest)
            {
                assertEquals(digest, state[2], "host-" + (host + 1) + " digest" + diagnostics);
            }
            digest = state[2];
        }
        System.out.printf("%d writes acknowledged, applied once on hosts %s, digest %x%n", acked,
            java.util.Arrays.toString(hosts), digest);
    }
}
