package io.anthill.perf.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import io.anthill.example.trading.TradingReplayDomain;
import io.anthill.perf.harness.PerfMain;
import io.anthill.perf.harness.ScenarioRegistry;
import io.anthill.perf.replay.ReplayMain;
import io.anthill.replication.aeron.LoopbackPorts;
import io.anthill.replication.cluster.ClusterFile;
import io.anthill.replication.cluster.ClusterNode;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/perf seed-target --cluster FILE} against a real, already-running 3-host cluster: three
 * {@link ClusterNode}s (each with its own media driver, journals and client endpoint on 127.0.0.1) started from a
 * cluster file, driven through the client library for a few seconds.
 */
class ExternalClusterScenarioTest
{
    private static final int PARTITIONS = 2;

    @TempDir
    Path dir;

    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<Throwable> nodeErrors = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void stopNodes()
    {
        CloseHelper.quietCloseAll(nodes);
    }

    @Test
    void shouldDriveAnExternalClusterWithZeroErrorsAndWriteTheReport() throws IOException
    {
        final Path clusterFile = writeClusterFile();
        startCluster(clusterFile);
        final Path sla = noErrorsSla();
        final Path outDir = dir.resolve("report");

        final int status = run("seed-target", "--duration", "3", "--warmup", "1", "--cluster", clusterFile.toString(),
            "--sla", sla.toString(), "--out", outDir.toString());

        final String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, () -> report + err.toString(StandardCharsets.UTF_8));
        final Properties summary = new Properties();
        summary.load(Files.newBufferedReader(outDir.resolve("summary.properties"), StandardCharsets.UTF_8));
        assertEquals("PASS", summary.getProperty("verdict"));
        assertEquals("0", summary.getProperty("write.errors"));
        assertEquals("0", summary.getProperty("read.errors"));
        assertTrue(Long.parseLong(summary.getProperty("write.success")) > 0, report);
        assertTrue(Long.parseLong(summary.getProperty("read.success")) > 0, report);
        assertTrue(Files.isRegularFile(outDir.resolve("latency-by-percentile.png")), "plot written");
        assertTrue(report.contains("all replicas of every partition hold the same state: MATCH"), report);
        assertTrue(nodeErrors.isEmpty(), nodeErrors::toString);
    }

    /**
     * {@code scripts/replay --verify-against host-N --cluster FILE}: after real trading traffic, the offline replay of
     * a live host's own journal reproduces the digest of every read model of that host at the op it reported.
     */
    @Test
    void shouldVerifyAReplayOfALiveHostsJournalAgainstItsReadModels() throws IOException
    {
        final Path clusterFile = writeClusterFile();
        final ClusterFile cluster = startCluster(clusterFile);
        final Path sla = noErrorsSla();
        assertEquals(0, run("seed-target", "--duration", "2", "--warmup", "1", "--cluster", clusterFile.toString(),
            "--sla", sla.toString(), "--out", dir.resolve("report").toString()), () -> out.toString(StandardCharsets.UTF_8));

        for (final String host : List.of("host-1", "host-2"))
        {
            final Path journal = cluster.hosts().get(Integer.parseInt(host.substring(5)) - 1).data()
                .resolve("partition-0").resolve("journal");
            final ByteArrayOutputStream replayOut = new ByteArrayOutputStream();
            final ByteArrayOutputStream replayErr = new ByteArrayOutputStream();
            final int status = ReplayMain.run(new String[]{"--journal", journal.toString(), "--projection", "all",
                "--verify-against", host, "--cluster", clusterFile.toString()},
                new PrintStream(replayOut, true, StandardCharsets.UTF_8), new PrintStream(replayErr, true, StandardCharsets.UTF_8),
                false);
            final String printed = replayOut.toString(StandardCharsets.UTF_8) + replayErr.toString(StandardCharsets.UTF_8);
            assertEquals(0, status, printed);
            assertTrue(printed.contains("verified against " + host + " (live): 4 read model digest(s) match"), printed);
        }

        final Path wrongCredential = dir.resolve("wrong-credential.conf");
        Files.writeString(wrongCredential, Files.readString(clusterFile, StandardCharsets.UTF_8)
            .replace("perf-test-admin-credential", "not-the-admin-credential"), StandardCharsets.UTF_8);
        final ByteArrayOutputStream refused = new ByteArrayOutputStream();
        final int status = ReplayMain.run(new String[]{"--journal",
            cluster.hosts().get(0).data().resolve("partition-0").resolve("journal").toString(), "--projection", "all",
            "--verify-against", "host-1", "--cluster", wrongCredential.toString()}, new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(refused, true, StandardCharsets.UTF_8), false);
        assertEquals(ReplayMain.EXIT_FAILED, status);
        assertTrue(refused.toString(StandardCharsets.UTF_8).contains("wrong admin credential"),
            refused.toString(StandardCharsets.UTF_8));
        assertTrue(nodeErrors.isEmpty(), nodeErrors::toString);
    }

    /**
     * Issue 9's acceptance: {@code scripts/ctl step-down} of every partition's primary under the seed-target load
     * completes with zero failed requests, and the replicas converge.
     */
    @Test
    void shouldStepDownEveryPrimaryUnderLoadWithZeroFailedRequests() throws IOException
    {
        final Path clusterFile = writeClusterFile();
        startCluster(clusterFile);
        final Path sla = noErrorsSla();

        final int status = run("step-down", "--duration", "4", "--warmup", "1", "--cluster", clusterFile.toString(),
            "--sla", sla.toString(), "--out", dir.resolve("report").toString());

        final String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, () -> report + err.toString(StandardCharsets.UTF_8));
        for (int partitionId = 0; partitionId < PARTITIONS; partitionId++)
        {
            assertTrue(report.contains("step-down of partition " + partitionId + "'s primary mid-run: scripts/ctl step-down " +
                partitionId + " (exit 0)"), report);
        }
        assertTrue(report.contains("errors: none"), report);
        assertTrue(report.contains("all replicas of every partition hold the same state: MATCH"), report);
        assertTrue(nodeErrors.isEmpty(), nodeErrors::toString);
    }

    @Test
    void shouldRefuseFailoverAgainstHostsItCannotKill() throws IOException
    {
        final Path clusterFile = writeClusterFile();

        final int status = run("failover", "--duration", "3", "--cluster", clusterFile.toString(),
            "--sla", dir.resolve("unused.properties").toString());

        assertEquals(2, status);
        final String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("failover --cluster kills the primary's process by the PID"), message);
    }

    private Path noErrorsSla() throws IOException
    {
        final Path sla = dir.resolve("no-errors.properties");
        Files.writeString(sla, "write.errorRate.max=0\nread.errorRate.max=0\n", StandardCharsets.UTF_8);
        return sla;
    }

    private ClusterFile startCluster(final Path clusterFile) throws IOException
    {
        final ClusterFile cluster = ClusterFile.load(clusterFile);
        for (int host = 0; host < cluster.hosts().size(); host++)
        {
            Files.createDirectories(cluster.hosts().get(host).data());
            nodes.add(ClusterNode.launch(cluster, host, new TradingReplayDomain(PARTITIONS, TradingWorkload.INSTRUMENT_COUNT),
                nodeErrors::add));
        }
        return cluster;
    }

    private int run(final String... args) throws IOException
    {
        Files.writeString(dir.resolve("unused.properties"), "write.errorRate.max=0\n", StandardCharsets.UTF_8);
        return PerfMain.run(args, ScenarioRegistry.standard(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path writeClusterFile() throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (int host = 1; host <= 3; host++)
        {
            text.append("host-").append(host).append(".replication = 127.0.0.1:").append(LoopbackPorts.freeUdpPort())
                .append('\n').append("host-").append(host).append(".client = 127.0.0.1:").append(LoopbackPorts.freeUdpPort())
                .append('\n').append("host-").append(host).append(".data = host-").append(host).append('\n');
        }
        text.append("partitions = ").append(PARTITIONS).append("\nadmin.credential = perf-test-admin-credential\n");
        final Path file = dir.resolve("cluster.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
