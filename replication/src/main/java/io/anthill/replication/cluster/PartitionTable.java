package io.anthill.replication.cluster;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import io.anthill.codecs.client.ReplicaRole;
import io.anthill.engine.node.ReplicaPlacement;
import io.anthill.replication.cluster.ControlPlaneClient.Answer;
import io.anthill.replication.cluster.ControlPlaneClient.Outcome;
import io.anthill.replication.cluster.ControlPlaneClient.PartitionReport;

/**
 * The {@code ctl partitions} table: what every host said, merged into one row per replica of every partition, in
 * placement order (the group's first host first). The primary is the replica that reports itself primary in the
 * highest view; a follower's lag is how many ops its journal is behind the primary's. A host that did not answer is
 * shown as such on each of its rows rather than left out, so a missing replica is visible.
 */
final class PartitionTable
{
    private static final String FORMAT = "%9s  %-8s  %-12s  %6s  %10s  %10s  %10s  %8s%n";
    private static final String NONE = "-";

    private final ClusterFile cluster;
    private final List<Answer> answers;

    PartitionTable(final ClusterFile cluster, final List<Answer> answers)
    {
        this.cluster = cluster;
        this.answers = answers;
    }

    void print(final PrintStream out)
    {
        final ReplicaPlacement placement = new ReplicaPlacement(cluster.partitions(), cluster.hosts().size(),
            cluster.replicationFactor());
        out.printf(Locale.ROOT, FORMAT, "partition", "host", "role", "view", "op", "commit", "applied", "lag");
        for (int partitionId = 0; partitionId < cluster.partitions(); partitionId++)
        {
            final PartitionReport primary = primaryOf(partitionId);
            for (int rank = 0; rank < cluster.replicationFactor(); rank++)
            {
                final int hostIndex = placement.hostOf(partitionId, rank) - 1;
                row(out, partitionId, hostIndex, primary);
            }
        }
        out.flush();
    }

    private void row(final PrintStream out, final int partitionId, final int hostIndex, final PartitionReport primary)
    {
        final String host = CtlMain.hostName(hostIndex);
        final Answer answer = answerOf(hostIndex);
        final PartitionReport report = null == answer ? null : reportOf(answer, partitionId);
        if (null == report)
        {
            final String state = null == answer || answer.outcome() == Outcome.UNREACHABLE ? "unreachable" :
                answer.outcome() == Outcome.DONE ? "not-hosted" : answer.outcome() == Outcome.REFUSED ? "refused" :
                "no-answer";
            out.printf(Locale.ROOT, FORMAT, partitionId, host, state, NONE, NONE, NONE, NONE, NONE);
            return;
        }
        final String lag = report == primary || null == primary || report.role() != ReplicaRole.FOLLOWER ? NONE :
            Long.toString(Math.max(0, primary.op() - report.op()));
        out.printf(Locale.ROOT, FORMAT, partitionId, host, roleName(report.role()), report.view(), report.op(),
            report.commitOp(), report.appliedOp(), lag);
    }

    private PartitionReport primaryOf(final int partitionId)
    {
        PartitionReport primary = null;
        for (final Answer answer : answers)
        {
            final PartitionReport report = reportOf(answer, partitionId);
            if (null != report && (report.role() == ReplicaRole.PRIMARY || report.role() == ReplicaRole.UNREPLICATED) &&
                (null == primary || report.view() > primary.view()))
            {
                primary = report;
            }
        }
        return primary;
    }

    private Answer answerOf(final int hostIndex)
    {
        for (final Answer answer : answers)
        {
            if (answer.hostIndex() == hostIndex)
            {
                return answer;
            }
        }
        return null;
    }

    private static PartitionReport reportOf(final Answer answer, final int partitionId)
    {
        for (final PartitionReport report : answer.partitions())
        {
            if (report.partitionId() == partitionId)
            {
                return report;
            }
        }
        return null;
    }

    private static String roleName(final ReplicaRole role)
    {
        return switch (role)
        {
            case PRIMARY -> "primary";
            case FOLLOWER -> "follower";
            case VIEW_CHANGE -> "view-change";
            case RECOVERING -> "recovering";
            case UNREPLICATED -> "single";
            default -> "unknown";
        };
    }
}
