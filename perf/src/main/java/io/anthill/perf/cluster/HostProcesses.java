package io.anthill.perf.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.anthill.replication.cluster.ClusterFile;
import io.anthill.replication.cluster.NodeMain;

/**
 * Crashes and restarts the hosts of an external cluster for {@code scripts/perf failover --cluster FILE}, the way an
 * operator would with {@code scripts/cluster}: a host is killed with SIGKILL by the PID its node wrote to
 * {@code DATA/node.pid}, and brought back with {@code scripts/cluster --config FILE start}, the very command that
 * started it (it starts every host that is down, with the same options and log file).
 * <p>
 * Decision: the kill is done here, by PID, rather than by running {@code scripts/cluster kill}, so that the failover
 * clock is stamped within microseconds of the signal instead of after a shell's start-up; the restart goes through
 * the script so that there is one way to start a node. This needs every host on this machine, started by
 * {@code scripts/cluster} (or {@code scripts/node}); {@link #check} refuses otherwise, before the run starts.
 */
final class HostProcesses
{
    /** The cluster script, relative to the repository root that {@code scripts/perf} runs in. */
    static final Path CLUSTER_SCRIPT = Path.of("scripts", "cluster");
    private static final long EXIT_TIMEOUT_MS = 10_000;
    private static final long START_TIMEOUT_MS = 120_000;

    private final Path clusterFile;
    private final ClusterFile cluster;

    private HostProcesses(final Path clusterFile, final ClusterFile cluster)
    {
        this.clusterFile = clusterFile;
        this.cluster = cluster;
    }

    /**
     * Checks that every host of the cluster runs on this machine with a live PID in its {@code node.pid}, and that
     * the cluster script is at hand to restart one.
     *
     * @param clusterFile the cluster file, as given.
     * @param cluster     it, loaded.
     * @return the hosts' processes.
     * @throws IllegalArgumentException saying why the failover cannot be run against this cluster, and what to do.
     */
    static HostProcesses check(final Path clusterFile, final ClusterFile cluster)
    {
        final String refusal = "failover --cluster kills the primary's process by the PID in its data directory's " +
            NodeMain.PID_FILE + " and restarts it with " + CLUSTER_SCRIPT + " --config " + clusterFile + " start, so " +
            "every host must run on this machine, started by scripts/cluster, and perf must run from the repository " +
            "root; ";
        if (!Files.isExecutable(CLUSTER_SCRIPT))
        {
            throw new IllegalArgumentException(refusal + "there is no executable " + CLUSTER_SCRIPT.toAbsolutePath());
        }
        for (final ClusterFile.Host host : cluster.hosts())
        {
            final Path pidFile = host.data().resolve(NodeMain.PID_FILE);
            if (readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).isEmpty())
            {
                throw new IllegalArgumentException(refusal + "but " + host.name() + " has no live process in " + pidFile +
                    " (start the cluster with scripts/cluster --config " + clusterFile + " start)");
            }
        }
        return new HostProcesses(clusterFile, cluster);
    }

    /**
     * Kills a host with SIGKILL and waits for its process to be gone; removes its PID file as
     * {@code scripts/cluster kill} does.
     *
     * @param hostIndex the host, from 0 (host-1).
     * @return the host's name and PID, for the report.
     */
    String kill(final int hostIndex)
    {
        final ClusterFile.Host host = cluster.hosts().get(hostIndex);
        final Path pidFile = host.data().resolve(NodeMain.PID_FILE);
        final Optional<ProcessHandle> process = readPid(pidFile).flatMap(ProcessHandle::of);
        if (process.isEmpty())
        {
            return host.name() + " (already down: no live PID in " + pidFile + ")";
        }
        process.get().destroyForcibly();
        try
        {
            process.get().onExit().get(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Files.deleteIfExists(pidFile);
        }
        catch (final ExecutionException | TimeoutException | IOException ex)
        {
            throw new IllegalStateException(host.name() + " pid " + process.get().pid() + " did not exit after SIGKILL",
                ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return host.name() + " (pid " + process.get().pid() + ")";
    }

    /**
     * Runs {@code scripts/cluster --config FILE start}, which starts every host that is down in the background.
     */
    void restartDownHosts()
    {
        try
        {
            final Process script = new ProcessBuilder(CLUSTER_SCRIPT.toString(), "--config", clusterFile.toString(), "start")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!script.waitFor(START_TIMEOUT_MS, TimeUnit.MILLISECONDS) || script.exitValue() != 0)
            {
                script.destroyForcibly();
                throw new IllegalStateException(CLUSTER_SCRIPT + " --config " + clusterFile + " start failed");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run " + CLUSTER_SCRIPT, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Long> readPid(final Path pidFile)
    {
        try
        {
            return Optional.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        }
        catch (final IOException | NumberFormatException ex)
        {
            return Optional.empty();
        }
    }
}
