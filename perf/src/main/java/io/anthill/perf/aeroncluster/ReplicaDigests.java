package io.anthill.perf.aeroncluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Checks that every live member of the Aeron Cluster holds the same ledger: after a {@link LedgerMessages#DIGEST}
 * request, each member writes {@value LedgerService#DIGEST_FILE} when it applies that request; this waits (with a
 * deadline) until every live member has, and compares the lines, which name the log position too.
 */
final class ReplicaDigests
{
    private ReplicaDigests()
    {
    }

    /**
     * @param members   the member processes.
     * @param requestId the digest request's id.
     * @param timeoutMs how long followers get to apply it.
     * @return one line per live member: {@code member N: requestId logPosition accounts totalDeposited digest}.
     * @throws IllegalStateException if a live member did not write it in time.
     */
    static List<String> await(final MemberProcesses members, final long requestId, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final List<String> lines = new ArrayList<>();
        for (int member = 0; member < ClusterLayout.MEMBER_COUNT; member++)
        {
            if (!members.isAlive(member))
            {
                continue;
            }
            final Path file = members.memberDir(member).resolve(LedgerService.DIGEST_FILE);
            String line = MemberProcesses.readText(file).trim();
            while (!line.startsWith(requestId + " "))
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("member " + member + " did not write digest " + requestId + " to " +
                        file + " within " + timeoutMs + " ms (last: '" + line + "')");
                }
                MemberProcesses.pause();
                line = MemberProcesses.readText(file).trim();
            }
            lines.add("member " + member + ": " + line);
        }
        return lines;
    }

    /**
     * @param lines what {@link #await} returned.
     * @return whether every member's line (log position, accounts, total, digest) is the same.
     */
    static boolean allMatch(final List<String> lines)
    {
        final String first = lines.get(0).substring(lines.get(0).indexOf(':'));
        return lines.stream().allMatch(line -> line.substring(line.indexOf(':')).equals(first));
    }
}
