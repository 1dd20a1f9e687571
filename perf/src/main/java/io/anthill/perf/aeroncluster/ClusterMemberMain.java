package io.anthill.perf.aeroncluster;

import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The main class of one Aeron Cluster member process, started by {@link MemberProcesses}:
 * {@code MEMBER_ID MEMBER_DIR TIMEOUTS PORTS}. Prints {@value #READY_LINE} once the member runs, then serves until
 * SIGTERM (a clean close) or SIGKILL (the failover scenario's crash).
 */
public final class ClusterMemberMain
{
    /** Printed on standard output once the member runs; the harness waits for it. */
    static final String READY_LINE = "aeron-cluster-member-ready";

    private ClusterMemberMain()
    {
    }

    /**
     * @param args member id, member directory, {@link ClusterTimeouts} name, {@link ClusterLayout#format()}.
     * @throws Exception if the member cannot start (the process exits non-zero and the harness reports its log).
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 4)
        {
            System.err.println("usage: ClusterMemberMain MEMBER_ID MEMBER_DIR DEFAULT|TUNED PORTS");
            System.exit(2);
        }
        final int memberId = Integer.parseInt(args[0]);
        final Path memberDir = Path.of(args[1]);
        Files.createDirectories(memberDir);
        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        final ClusterMember member = ClusterMember.launch(memberId, memberDir, ClusterLayout.parse(args[3]),
            ClusterTimeouts.valueOf(args[2]), Throwable::printStackTrace);
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
