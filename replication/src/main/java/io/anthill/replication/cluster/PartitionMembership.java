package io.anthill.replication.cluster;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.anthill.codecs.client.ControlAction;
import io.anthill.replication.cluster.ControlPlaneClient.Answer;
import io.anthill.replication.cluster.ControlPlaneClient.Outcome;

/**
 * {@code ctl add-partition P} and {@code ctl remove-partition P}, on every host of the partition's group or on the
 * one given with {@code --host}: a group elects a primary only once enough of its replicas run, so adding waits until
 * one reports itself primary. Removing stops the replicas; their data stays, and a host restarted from the cluster
 * file starts them again.
 */
final class PartitionMembership
{
    private PartitionMembership()
    {
    }

    static int add(
        final ControlPlaneClient client, final int partitionId, final List<Integer> hosts, final long timeoutMs,
        final PrintStream out, final PrintStream err)
    {
        final ClusterFile cluster = client.cluster();
        final List<Answer> answers = client.ask(hosts, ControlAction.ADD_PARTITION, partitionId, timeoutMs);
        if (CtlMain.reportFailures(cluster, answers, timeoutMs, err) > 0)
        {
            return CtlMain.FAILED;
        }
        out.printf(Locale.ROOT, "partition %d added on %s%n", partitionId, CtlMain.hostNames(hosts));
        final List<Integer> group = CtlMain.groupOf(cluster, partitionId);
        final long[] primary = CtlMain.awaitPrimary(client, group, partitionId, Long.MIN_VALUE, timeoutMs);
        if (null != primary)
        {
            out.printf(Locale.ROOT, "partition %d: primary %s (view %d)%n", partitionId,
                CtlMain.hostName((int)primary[0]), primary[1]);
            return CtlMain.OK;
        }
        err.printf(Locale.ROOT, "ctl: partition %d has no primary after %d ms: every replica of its group (%s) must " +
            "run for it to elect one; add it on the others, then scripts/ctl partitions%n", partitionId, timeoutMs,
            CtlMain.hostNames(group));
        return CtlMain.FAILED;
    }

    static int remove(
        final ControlPlaneClient client, final int partitionId, final List<Integer> hosts, final long timeoutMs,
        final PrintStream out, final PrintStream err)
    {
        final List<Answer> answers = client.ask(hosts, ControlAction.REMOVE_PARTITION, partitionId, timeoutMs);
        final List<Integer> removed = new ArrayList<>();
        for (final Answer answer : answers)
        {
            if (answer.outcome() == Outcome.DONE)
            {
                removed.add(answer.hostIndex());
            }
        }
        if (!removed.isEmpty())
        {
            out.printf(Locale.ROOT, "partition %d removed from %s; its data stays in each host's partition-%d " +
                "directory (add-partition recovers from it; a restarted host starts it again)%n", partitionId,
                CtlMain.hostNames(removed), partitionId);
        }
        return CtlMain.reportFailures(client.cluster(), answers, timeoutMs, err) > 0 ? CtlMain.FAILED : CtlMain.OK;
    }
}
