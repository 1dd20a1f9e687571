package io.anthill.perf.aeroncluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.aeron.archive.ArchiveMarkFile;
import io.aeron.cluster.service.ClusterMarkFile;

/**
 * The three Aeron Cluster members of the comparison as real JVM processes ({@link ClusterMemberMain}), started with the
 * harness's own {@code java}, class path and module options, each logging to {@code member-N/member.log} under the run
 * directory. Each is known by its PID from the moment it starts: {@link #kill} sends SIGKILL to one, {@link #close}
 * ends every one still alive (SIGTERM, then SIGKILL after {@link #EXIT_TIMEOUT_MS}), and a shutdown hook does the same
 * if the harness itself exits early, so no member outlives a run.
 */
final class MemberProcesses implements AutoCloseable
{
    /** Limit: how long every member gets to print its ready line. */
    static final long START_TIMEOUT_MS = 60_000;
    /** Limit: how long a member gets to exit after a signal. */
    static final long EXIT_TIMEOUT_MS = 10_000;
    static final String LOG_FILE = "member.log";
    private static final String[] MEMBER_JVM_OPTIONS = {"-Xms64m", "-Xmx256m", "-XX:+UseParallelGC"};

    private final Path runDir;
    private final ClusterLayout layout;
    private final ClusterTimeouts timeouts;
    private final List<Process> processes = new ArrayList<>();
    private final Thread cleanupHook = new Thread(this::destroyAll, "aeron-cluster-member-cleanup");

    private MemberProcesses(final Path runDir, final ClusterLayout layout, final ClusterTimeouts timeouts)
    {
        this.runDir = runDir;
        this.layout = layout;
        this.timeouts = timeouts;
    }

    /**
     * Starts the three members and waits until each has printed its ready line.
     *
     * @param runDir   the run's directory; member {@code N} lives in {@code member-N}.
     * @param layout   every member's ports.
     * @param timeouts the consensus timeouts.
     * @return the running members.
     * @throws IllegalStateException with the member's log if one exits or is not ready within {@link #START_TIMEOUT_MS}.
     */
    static MemberProcesses start(final Path runDir, final ClusterLayout layout, final ClusterTimeouts timeouts)
    {
        final MemberProcesses members = new MemberProcesses(runDir, layout, timeouts);
        Runtime.getRuntime().addShutdownHook(members.cleanupHook);
        try
        {
            for (int member = 0; member < ClusterLayout.MEMBER_COUNT; member++)
            {
                members.processes.add(members.launch(member, false));
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
            for (int member = 0; member < ClusterLayout.MEMBER_COUNT; member++)
            {
                members.awaitReady(member, deadlineNs);
            }
            return members;
        }
        catch (final RuntimeException ex)
        {
            members.close();
            throw ex;
        }
    }

    /**
     * @param member the member id.
     * @return its process id.
     */
    long pid(final int member)
    {
        return processes.get(member).pid();
    }

    /**
     * @param member the member id.
     * @return whether its process still runs.
     */
    boolean isAlive(final int member)
    {
        return processes.get(member).isAlive();
    }

    /**
     * @param member the member id.
     * @return its directory, where its log and digest file are.
     */
    Path memberDir(final int member)
    {
        return runDir.resolve("member-" + member);
    }

    /**
     * Crashes a member: SIGKILL to its PID, then waits for the process to be gone.
     *
     * @param member the member id.
     */
    void kill(final int member)
    {
        final Process process = processes.get(member);
        process.destroyForcibly();
        awaitExit(process);
    }

    /**
     * Starts a killed member again on its directories (it recovers from its latest snapshot and the log) and waits for
     * its ready line. A killed member leaves its mark files behind, which Aeron takes for a live process until they age
     * past the driver time-out (10 s); the process is known to be gone, so they are removed, as an operator would.
     *
     * @param member the member id; its process must have exited.
     */
    void restart(final int member)
    {
        if (processes.get(member).isAlive())
        {
            throw new IllegalStateException("member " + member + " still runs");
        }
        final Path memberDir = memberDir(member);
        try
        {
            Files.deleteIfExists(memberDir.resolve("archive").resolve(ArchiveMarkFile.FILENAME));
            Files.deleteIfExists(memberDir.resolve("cluster").resolve(ClusterMarkFile.FILENAME));
            Files.deleteIfExists(memberDir.resolve("service").resolve(ClusterMarkFile.markFilenameForService(0)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot remove the mark files of killed member " + member, ex);
        }
        processes.set(member, launch(member, true));
        awaitReady(member, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS));
    }

    /**
     * @param member the member id.
     * @return what its process has printed so far.
     */
    String log(final int member)
    {
        return readText(memberDir(member).resolve(LOG_FILE));
    }

    /**
     * Ends every member still running: SIGTERM (a clean close), SIGKILL for any that has not exited in time.
     */
    @Override
    public void close()
    {
        for (final Process process : processes)
        {
            process.destroy();
        }
        for (final Process process : processes)
        {
            if (!waitFor(process))
            {
                process.destroyForcibly();
                awaitExit(process);
            }
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is already shutting down and the hook runs (or ran) destroyAll itself
        }
    }

    private Process launch(final int member, final boolean recover)
    {
        final Path memberDir = memberDir(member);
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(MEMBER_JVM_OPTIONS));
        for (final String option : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            // the module and native-access options of scripts/jvm.options, which Agrona and Aeron rely on
            if (option.startsWith("--add-") || option.startsWith("--enable-native-access") ||
                option.startsWith("--sun-misc-unsafe") || option.startsWith("-Djava.net.preferIPv4Stack"))
            {
                command.add(option);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterMemberMain.class.getName(),
            Integer.toString(member), memberDir.toString(), timeouts.name(), layout.format()));
        if (recover)
        {
            command.add(ClusterMemberMain.RECOVER);
        }
        try
        {
            Files.createDirectories(memberDir);
            return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(memberDir.resolve(LOG_FILE).toFile())).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start Aeron Cluster member " + member, ex);
        }
    }

    private void awaitReady(final int member, final long deadlineNs)
    {
        final Path log = memberDir(member).resolve(LOG_FILE);
        final String ready = ClusterMemberMain.READY_LINE + " " + member + " pid " + processes.get(member).pid();
        while (!readText(log).contains(ready))
        {
            if (!processes.get(member).isAlive())
            {
                throw new IllegalStateException("Aeron Cluster member " + member + " exited at start-up; its log " + log +
                    ":\n" + readText(log));
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("Aeron Cluster member " + member + " not ready within " +
                    START_TIMEOUT_MS + " ms; its log " + log + ":\n" + readText(log));
            }
            pause();
        }
    }

    /**
     * @param file a member's log or digest file, which the member may not have written yet.
     * @return its text, or empty when it is not there (yet) or cannot be read.
     */
    static String readText(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private void destroyAll()
    {
        for (final Process process : processes)
        {
            process.destroyForcibly();
        }
    }

    private static boolean waitFor(final Process process)
    {
        try
        {
            process.onExit().get(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return true;
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitExit(final Process process)
    {
        if (!waitFor(process))
        {
            throw new IllegalStateException("Aeron Cluster member pid " + process.pid() + " did not exit after SIGKILL");
        }
    }

    /** Start-up is polled, not waited on by a signal: the only sign of readiness is a line in a log file. */
    static void pause()
    {
        try
        {
            Thread.sleep(20);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Aeron Cluster members", ex);
        }
    }
}
