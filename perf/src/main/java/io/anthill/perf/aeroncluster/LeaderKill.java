package io.anthill.perf.aeroncluster;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.anthill.perf.cluster.FailoverClock;

/**
 * The failover's chaos thread: at a set time into the run it asks the client which member leads, sends that member's
 * process SIGKILL by PID, and stamps the {@link FailoverClock} just before the signal.
 */
final class LeaderKill
{
    private final Thread thread;
    private volatile String victim = "nobody (the run ended first)";

    private LeaderKill(final MemberProcesses members, final AeronClusterTarget target, final long afterNs,
        final PrintStream out)
    {
        thread = new Thread(() ->
        {
            final long killAtNs = System.nanoTime() + afterNs;
            while (System.nanoTime() - killAtNs < 0)
            {
                MemberProcesses.pause();
            }
            final int leader = target.leaderMemberId();
            final long pid = members.pid(leader);
            target.outage().killed(System.nanoTime());
            members.kill(leader);
            victim = String.format(Locale.ROOT, "member %d (pid %d)", leader, pid);
            out.printf(Locale.ROOT, "%n>>> killed the leader, %s, with SIGKILL%n", victim);
        }, "aeron-cluster-leader-kill");
        thread.setDaemon(true);
    }

    static LeaderKill start(final MemberProcesses members, final AeronClusterTarget target, final long afterNs,
        final PrintStream out)
    {
        final LeaderKill kill = new LeaderKill(members, target, afterNs, out);
        kill.thread.start();
        return kill;
    }

    void join()
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    String victim()
    {
        return victim;
    }
}
