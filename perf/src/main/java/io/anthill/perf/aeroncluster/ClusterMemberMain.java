package io.anthill.perf.aeroncluster;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The main class of one Aeron Cluster member process, started by {@link MemberProcesses}:
 * {@code MEMBER_ID MEMBER_DIR TIMEOUTS PORTS [RECOVER]} (with {@code RECOVER} it starts from its directories instead
 * of empty). Prints {@value #READY_LINE} once the member runs, then serves until SIGTERM (a clean close) or SIGKILL
 * (the failover scenario's crash).
 */
public final class ClusterMemberMain
{
    /** Printed on standard output once the member runs; the harness waits for it. */
    static final String READY_LINE = "aeron-cluster-member-ready";
    /** The optional last argument: recover from the member's directories. */
    static final String RECOVER = "RECOVER";

    private ClusterMemberMain()
    {
    }

    /**
     * @param args member id, member directory, {@link ClusterTimeouts} name, {@link ClusterLayout#format()}, and
     *             optionally {@value #RECOVER}.
     * @throws Exception if the member cannot start (the process exits non-zero and the harness reports its log).
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 4 && !(args.length == 5 && RECOVER.equals(args[4])))
        {
            System.err.println("usage: ClusterMemberMain MEMBER_ID MEMBER_DIR DEFAULT|TUNED PORTS [" + RECOVER + "]");
            System.exit(2);
        }
        final int memberId = Integer.parseInt(args[0]);
        final Path memberDir = Path.of(args[1]);
        Files.createDirectories(memberDir);
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        final ClusterMember member;
        try
        {
            member = ClusterMember.launch(args.length == 4, memberId, memberDir, ClusterLayout.parse(args[3]),
                ClusterTimeouts.valueOf(args[2]), Throwable::printStackTrace);
        }
        catch (final RuntimeException ex)
        {
            // exit at once: threads a half-started member left running would keep the JVM alive until the harness's
            // start-up deadline
            ex.printStackTrace();
            System.exit(1);
            return;
        }
        try
        {
            System.out.println(READY_LINE + " " + memberId + " pid " + ProcessHandle.current().pid());
            System.out.flush();
            barrier.await();
        }
        finally
        {
            member.close();
        }
    }
}
