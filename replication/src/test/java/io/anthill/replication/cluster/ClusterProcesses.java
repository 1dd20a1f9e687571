package io.anthill.replication.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.anthill.replication.aeron.LoopbackPorts;

/**
 * Real node processes on 127.0.0.1 for system tests: writes a cluster file with free ports into a test's own
 * directory, starts one JVM per host ({@link NodeMain}, the class path of the test, the project's JVM options),
 * crashes, stalls and resumes them with real signals, and reads each host's counters file to see its replicas' roles.
 * {@link #close()} kills, by PID, every process it started.
 */
final class ClusterProcesses implements AutoCloseable
{
    static final String ROLE_PRIMARY = "primary";
    static final String ROLE_FOLLOWER = "follower";
    private static final long POLL_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private final Path dir;
    private final Path configFile;
    private final ClusterFile cluster;
    private final Process[] processes;
    private final Process[] killed;

    ClusterProcesses(final Path dir, final int hosts, final int partitions, final int replicationFactor)
    {
        this.dir = dir;
        this.configFile = dir.resolve("cluster.conf");
        final StringBuilder text = new StringBuilder();
        for (int host = 1; host <= hosts; host++)
        {
            text.append("host-").append(host).append(".replication = 127.0.0.1:").append(LoopbackPorts.freeUdpPort()).append('\n')
                .append("host-").append(host).append(".client = 127.0.0.1:").append(LoopbackPorts.freeUdpPort()).append('\n')
                .append("host-").append(host).append(".data = host-").append(host).append('\n');
        }
        text.append("partitions = ").append(partitions).append('\n')
            .append("replication.factor = ").append(replicationFactor).append('\n')
            .append("admin.credential = test-admin-credential\n");
        try
        {
            Files.writeString(configFile, text, StandardCharsets.UTF_8);
            cluster = ClusterFile.load(configFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        processes = new Process[hosts];
        killed = new Process[hosts];
    }

    ClusterFile cluster()
    {
        return cluster;
    }

    void startAll()
    {
        for (int host = 0; host < processes.length; host++)
        {
            start(host);
        }
    }

    void start(final int host)
    {
        if (null != killed[host])
        {
            awaitExit(killed[host]);
            killed[host] = null;
        }
        final ClusterFile.Host entry = cluster.hosts().get(host);
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + projectRoot().resolve("scripts/jvm.options"));
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeMain.class.getName());
        command.add("--config");
        command.add(configFile.toString());
        command.add("--host");
        command.add(entry.name());
        command.add("--domain");
        command.add(RunningTotalDomain.NAME);
        try
        {
            Files.createDirectories(entry.data());
            final File log = entry.data().resolve("node.log").toFile();
            processes[host] = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + entry.name(), ex);
        }
    }

    /**
     * A crash: SIGKILL, without waiting for the process to be gone, so the caller's client keeps polling while the
     * kernel tears it down (a restart of the host waits for that first).
     */
    void kill(final int host)
    {
        final Process process = processes[host];
        process.destroyForcibly();
        killed[host] = process;
        processes[host] = null;
    }

    void pause(final int host)
    {
        signal(host, "-STOP");
    }

    void resume(final int host)
    {
        signal(host, "-CONT");
    }

    private void signal(final int host, final String signal)
    {
        try
        {
            final Process kill = new ProcessBuilder("kill", signal, Long.toString(processes[host].pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0)
            {
                throw new IllegalStateException("kill " + signal + " failed for host " + host);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return the role of the host's replica of a partition ("primary", "follower", "view-change", "recovering"), and
     * its view, as "role@view"; "" if the host publishes none (not started yet, or down).
     */
    String roleOf(final int host, final int partitionId)
    {
        final Path data = cluster.hosts().get(host).data();
        if (null == processes[host] || !processes[host].isAlive() || !Files.exists(data.resolve(CountersFile.FILE_NAME)))
        {
            return "";
        }
        final String prefix = "node " + host + " partition " + partitionId + ": replica ";
        final long[] roleAndView = {-1, -1};
        try (CountersFile file = CountersFile.open(data))
        {
            file.reader().forEach((value, id, label) ->
            {
                if (label.equals(prefix + "view"))
                {
                    roleAndView[1] = value;
                }
                else if (label.startsWith(prefix + "role"))
                {
                    roleAndView[0] = value;
                }
            });
        }
        catch (final IllegalStateException ex)
        {
            return "";
        }
        if (roleAndView[0] < 0)
        {
            return "";
        }
        final String role = roleAndView[0] == 0 ? ROLE_FOLLOWER : roleAndView[0] == 1 ? ROLE_PRIMARY :
            roleAndView[0] == 2 ? "view-change" : "recovering";
        return role + "@" + roleAndView[1];
    }

    /**
     * @return true once every live host's replica of the partition is in normal operation in one view with one
     * primary.
     */
    boolean isSettled(final int partitionId)
    {
        String view = null;
        int primaries = 0;
        for (int host = 0; host < processes.length; host++)
        {
            if (null == processes[host] || cluster.hosts().size() <= host)
            {
                continue;
            }
            if (!processes[host].isAlive())
            {
                throw new AssertionError("host-" + (host + 1) + " exited with " + processes[host].exitValue() + ":\n" +
                    log(host));
            }
            final String role = roleOf(host, partitionId);
            if (role.isEmpty() || !(role.startsWith(ROLE_PRIMARY) || role.startsWith(ROLE_FOLLOWER)))
            {
                return false;
            }
            final String thisView = role.substring(role.indexOf('@'));
            if (null != view && !view.equals(thisView))
            {
                return false;
            }
            view = thisView;
            primaries += role.startsWith(ROLE_PRIMARY) ? 1 : 0;
        }
        return primaries == 1;
    }

    String log(final int host)
    {
        try
        {
            return Files.readString(cluster.hosts().get(host).data().resolve("node.log"), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    private String nonZeroCounters(final int host)
    {
        final Path data = cluster.hosts().get(host).data();
        if (null == processes[host] || !processes[host].isAlive() || !Files.exists(data.resolve(CountersFile.FILE_NAME)))
        {
            return "";
        }
        final StringBuilder text = new StringBuilder("counters:");
        try (CountersFile file = CountersFile.open(data))
        {
            file.reader().forEach((value, id, label) ->
            {
                if (0 != value)
                {
                    text.append("\n  ").append(label).append(" = ").append(value);
                }
            });
        }
        catch (final IllegalStateException ex)
        {
            return "";
        }
        return text.append('\n').toString();
    }

    private void dumpThreads()
    {
        final Path dumps = Path.of(System.getProperty("user.dir"), "target", "process-dumps");
        for (int host = 0; host < processes.length; host++)
        {
            if (null != processes[host] && processes[host].isAlive())
            {
                try
                {
                    Files.createDirectories(dumps);
                    final Path out = dumps.resolve("host-" + (host + 1) + "-" + System.currentTimeMillis() + ".txt");
                    final Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(processes[host].pid()), "Thread.print").redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                    jcmd.waitFor(30, TimeUnit.SECONDS);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    Path directory()
    {
        return dir;
    }

    /**
     * @return every host's role and the tail of its log, for a failure message; thread dumps of the live hosts go to
     * target/process-dumps.
     */
    String describe(final int partitionId)
    {
        dumpThreads();
        final StringBuilder text = new StringBuilder();
        for (int host = 0; host < processes.length; host++)
        {
            final String log = log(host);
            text.append("\n--- host-").append(host + 1).append(' ').append(roleOf(host, partitionId)).append('\n')
                .append(log, Math.max(0, log.length() - 3000), log.length()).append(nonZeroCounters(host));
        }
        return text.toString();
    }

    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            LockSupport.parkNanos(POLL_INTERVAL_NS);
        }
    }

    @Override
    public void close()
    {
        for (int host = 0; host < processes.length; host++)
        {
            if (null != processes[host])
            {
                processes[host].destroyForcibly();
            }
        }
        for (int host = 0; host < processes.length; host++)
        {
            if (null != processes[host])
            {
                awaitExit(processes[host]);
            }
            if (null != killed[host])
            {
                awaitExit(killed[host]);
            }
        }
    }

    private static void awaitExit(final Process process)
    {
        try
        {
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("process " + process.pid() + " still alive 30 s after SIGKILL");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Path projectRoot()
    {
        Path candidate = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (null != candidate && !Files.exists(candidate.resolve("scripts/jvm.options")))
        {
            candidate = candidate.getParent();
        }
        if (null == candidate)
        {
            throw new IllegalStateException("scripts/jvm.options not found above " + System.getProperty("user.dir"));
        }
        return candidate;
    }

}
