package io.anthill.replication.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.anthill.codecs.client.ControlAction;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.codecs.client.ReplicaRole;
import io.anthill.engine.node.ReplicaPlacement;
import io.anthill.replication.cluster.ControlPlaneClient.Answer;
import io.anthill.replication.cluster.ControlPlaneClient.Outcome;

/**
 * {@code scripts/ctl --cluster FILE COMMAND}: the control plane of a running cluster, for an operator. It asks the
 * hosts over their control stream ({@link ClusterNode#CONTROL_STREAM_ID}), authenticated with the cluster's admin
 * credential, prints plain tables, and fails with a message that says what to do. Exit status: 0 done (every host
 * asked answered), 1 refused or failed (a host refused, did not answer or is not reachable), 2 usage or a bad
 * cluster file.
 */
public final class CtlMain
{
    /** Environment variable that overrides the cluster file's admin.credential. */
    public static final String CREDENTIAL_ENV = "ANTHILL_ADMIN_CREDENTIAL";
    /** How long a command waits for every host, unless --timeout-ms says otherwise. */
    public static final long TIMEOUT_MS_DEFAULT = 3_000;
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** How often a command that waits for a primary asks the partition's group again. */
    private static final long PRIMARY_POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final String USAGE_TEXT = String.join(System.lineSeparator(),
        "usage: scripts/ctl --cluster FILE [--credential SECRET] [--timeout-ms N] [--response-host ADDRESS] COMMAND",
        "commands:",
        "  partitions            every replica of every partition: role, view, op/commit/applied, lag behind its primary",
        "  snapshot PARTITION    the partition's primary journals a snapshot request; every replica snapshots at that op",
        "  step-down PARTITION   the partition's primary hands over to the next replica (planned: no request fails)",
        "  add-partition PARTITION [--host host-N]     start its replicas (every host of its group, or one) and wait " +
            "for a primary",
        "  remove-partition PARTITION [--host host-N]  stop its replicas (every host of its group, or one); data stays",
        "the credential is the cluster file's admin.credential unless --credential or " + CREDENTIAL_ENV + " is given;",
        "--response-host is an address of this machine the hosts can reach (default 127.0.0.1)");

    private CtlMain()
    {
    }

    /**
     * @param args the command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs the tool in this process (the perf harness's step-down scenario against an external cluster), with the
     * process's environment.
     *
     * @param args the command line, as for {@code scripts/ctl}.
     * @param out  where results go.
     * @param err  where problems go.
     * @return the exit code: 0 done, 1 refused or failed, 2 usage.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return run(args, System.getenv(), out, err);
    }

    static int run(final String[] args, final Map<String, String> env, final PrintStream out, final PrintStream err)
    {
        final CtlArguments arguments = CtlArguments.parse(args);
        if (null != arguments.problem())
        {
            err.println("ctl: " + arguments.problem());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        final ClusterFile cluster;
        try
        {
            cluster = ClusterFile.load(arguments.clusterFile());
        }
        catch (final IOException ex)
        {
            err.println("ctl: cannot read the cluster file " + arguments.clusterFile() + ": " + ex.getMessage());
            return USAGE;
        }
        catch (final ClusterFileException ex)
        {
            err.println("ctl: " + ex.getMessage());
            return USAGE;
        }
        final String credential = credential(arguments.credential(), env, cluster);
        final Integer partitionId = arguments.partitionId(cluster, err);
        if (null == partitionId)
        {
            return FAILED;
        }
        final List<Integer> hosts = hostsOf(cluster, partitionId, arguments.host(), err);
        if (null == hosts)
        {
            return FAILED;
        }
        try (ControlPlaneClient client = new ControlPlaneClient(cluster, credential.getBytes(StandardCharsets.UTF_8),
            arguments.responseHost(), ex -> err.println("ctl: media driver: " + ex.getMessage())))
        {
            return switch (arguments.command())
            {
                case "partitions" -> partitions(client, arguments.timeoutMs(), out, err);
                case "step-down" -> stepDown(client, partitionId, arguments.timeoutMs(), out, err);
                case "add-partition" -> PartitionMembership.add(client, partitionId, hosts, arguments.timeoutMs(), out,
                    err);
                case "remove-partition" -> PartitionMembership.remove(client, partitionId, hosts, arguments.timeoutMs(),
                    out, err);
                default -> snapshot(client, partitionId, arguments.timeoutMs(), out, err);
            };
        }
        catch (final RuntimeException ex)
        {
            err.println("ctl: " + ex.getMessage());
            return FAILED;
        }
    }

    private static int partitions(
        final ControlPlaneClient client, final long timeoutMs, final PrintStream out, final PrintStream err)
    {
        final ClusterFile cluster = client.cluster();
        final List<Integer> everyHost = new ArrayList<>();
        for (int host = 0; host < cluster.hosts().size(); host++)
        {
            everyHost.add(host);
        }
        final List<Answer> answers = client.ask(everyHost, ControlAction.LIST_PARTITIONS, 0, timeoutMs);
        final int failures = reportFailures(cluster, answers, timeoutMs, err);
        if (failures == answers.size())
        {
            return FAILED;
        }
        new PartitionTable(cluster, answers).print(out);
        return failures == 0 ? OK : FAILED;
    }

    private static int snapshot(
        final ControlPlaneClient client, final int partitionId, final long timeoutMs, final PrintStream out,
        final PrintStream err)
    {
        final ClusterFile cluster = client.cluster();
        final List<Integer> group = groupOf(cluster, partitionId);
        final List<Answer> answers = client.ask(group, ControlAction.SNAPSHOT_NOW, partitionId, timeoutMs);
        for (final Answer answer : answers)
        {
            if (answer.outcome() == Outcome.DONE)
            {
                out.printf(Locale.ROOT, "snapshot of partition %d requested on its primary %s: every replica takes it " +
                    "at the same op%n", partitionId, hostName(answer.hostIndex()));
                return OK;
            }
        }
        final List<Answer> failures = new ArrayList<>();
        for (final Answer answer : answers)
        {
            if (answer.outcome() != Outcome.REFUSED || answer.code() != ErrorCode.NOT_PRIMARY)
            {
                failures.add(answer);
            }
        }
        reportFailures(cluster, failures, timeoutMs, err);
        err.printf(Locale.ROOT, "ctl: no replica of partition %d took the snapshot request (it goes to the primary); " +
            "run scripts/ctl --cluster FILE partitions to see who is primary, then retry%n", partitionId);
        return FAILED;
    }

    private static int stepDown(
        final ControlPlaneClient client, final int partitionId, final long timeoutMs, final PrintStream out,
        final PrintStream err)
    {
        final ClusterFile cluster = client.cluster();
        final List<Integer> group = groupOf(cluster, partitionId);
        final List<Answer> before = client.ask(group, ControlAction.LIST_PARTITIONS, partitionId, timeoutMs);
        final long[] oldPrimary = primaryOf(before, partitionId);
        if (null == oldPrimary)
        {
            reportFailures(cluster, before, timeoutMs, err);
            err.printf(Locale.ROOT, "ctl: partition %d has no primary now (a view change may be under way); retry in " +
                "a few seconds, scripts/ctl partitions shows its replicas%n", partitionId);
            return FAILED;
        }
        final List<Answer> asked = client.ask(List.of((int)oldPrimary[0]), ControlAction.STEP_DOWN, partitionId, timeoutMs);
        if (asked.get(0).outcome() != Outcome.DONE)
        {
            reportFailures(cluster, asked, timeoutMs, err);
            return FAILED;
        }
        final long[] newPrimary = awaitPrimary(client, group, partitionId, oldPrimary[1], timeoutMs);
        if (null != newPrimary)
        {
            out.printf(Locale.ROOT, "partition %d: primary %s (view %d) handed over to %s (view %d)%n", partitionId,
                hostName((int)oldPrimary[0]), oldPrimary[1], hostName((int)newPrimary[0]), newPrimary[1]);
            return OK;
        }
        err.printf(Locale.ROOT, "ctl: %s started stepping down as primary of partition %d, but no replica reported " +
            "itself primary in a newer view within %d ms; scripts/ctl partitions shows where it stands%n",
            hostName((int)oldPrimary[0]), partitionId, timeoutMs);
        return FAILED;
    }

    /**
     * @return {host index, view} of the replica that reports itself the partition's primary in the highest view, or
     * null if none does.
     */
    static long[] primaryOf(final List<Answer> answers, final int partitionId)
    {
        long[] primary = null;
        for (final Answer answer : answers)
        {
            for (final ControlPlaneClient.PartitionReport report : answer.partitions())
            {
                if (report.partitionId() == partitionId && report.role() == ReplicaRole.PRIMARY &&
                    (null == primary || report.view() > primary[1]))
                {
                    primary = new long[]{answer.hostIndex(), report.view()};
                }
            }
        }
        return primary;
    }

    /**
     * Asks the partition's group every {@link #PRIMARY_POLL_NS} until a replica reports itself primary in a view
     * after the one given, or the time-out passes.
     *
     * @param client      the control plane.
     * @param group       the partition's group.
     * @param partitionId the partition.
     * @param viewAfter   a primary counts only in a later view than this.
     * @param timeoutMs   how long to wait.
     * @return {host index, view} of the primary (see {@link #primaryOf}), or null if none reported itself in time.
     */
    static long[] awaitPrimary(
        final ControlPlaneClient client, final List<Integer> group, final int partitionId, final long viewAfter,
        final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadlineNs < 0)
        {
            final long[] primary = primaryOf(client.ask(group, ControlAction.LIST_PARTITIONS, partitionId, timeoutMs),
                partitionId);
            if (null != primary && primary[1] > viewAfter)
            {
                return primary;
            }
            LockSupport.parkNanos(PRIMARY_POLL_NS);
        }
        return null;
    }

    /**
     * @param given   a credential given on the command line, or null.
     * @param env     the environment.
     * @param cluster the cluster file.
     * @return the admin credential to use: the one given, else {@link #CREDENTIAL_ENV}, else the cluster file's.
     */
    public static String credential(final String given, final Map<String, String> env, final ClusterFile cluster)
    {
        return null != given ? given : env.getOrDefault(CREDENTIAL_ENV, cluster.adminCredential());
    }

    /**
     * Prints one line per host that did not do what was asked, saying what to do; returns how many.
     */
    static int reportFailures(
        final ClusterFile cluster, final List<Answer> answers, final long timeoutMs, final PrintStream err)
    {
        int failures = 0;
        for (final Answer answer : answers)
        {
            if (answer.outcome() != Outcome.DONE)
            {
                failures++;
                err.println("ctl: " + failureMessage(cluster, answer, timeoutMs));
            }
        }
        return failures;
    }

    /**
     * @return why a host did not do what was asked and what to do about it, for an answer that is not DONE.
     */
    static String failureMessage(final ClusterFile cluster, final Answer answer, final long timeoutMs)
    {
        final ClusterFile.Host host = cluster.hosts().get(answer.hostIndex());
        final String who = host.name() + " (" + host.client() + ")";
        return switch (answer.outcome())
        {
            case UNREACHABLE -> String.format(Locale.ROOT, "%s is not reachable: nothing answered on its control " +
                "stream within %d ms; is its node running (scripts/cluster status)? --timeout-ms waits longer", who,
                timeoutMs);
            case NO_ANSWER -> String.format(Locale.ROOT, "%s took the request but did not answer within %d ms; " +
                "can it reach this machine (--response-host)? is it overloaded (scripts/stat)?", who, timeoutMs);
            default -> String.format(Locale.ROOT, "%s refused: %s", who, explain(answer));
        };
    }

    private static String explain(final Answer answer)
    {
        final String detail = answer.detail().isEmpty() ? "" : " (" + answer.detail() + ")";
        return switch (answer.code())
        {
            case UNAUTHENTICATED -> "wrong admin credential" + detail + "; use the cluster file's admin.credential, " +
                "or give the right one with --credential or " + CREDENTIAL_ENV;
            case OVERLOADED -> "too many control requests" + detail + "; wait a second and retry";
            case UNKNOWN_PARTITION -> "unknown partition" + detail + "; scripts/ctl partitions lists them";
            case NOT_PRIMARY -> "it is not the partition's primary" + detail + "; scripts/ctl partitions shows the primary";
            case VIEW_CHANGE_IN_PROGRESS -> "a view change is under way" + detail + "; retry in a few seconds";
            case UNSUPPORTED_ACTION -> "this host cannot do that" + detail;
            default -> answer.code() + detail + "; see the host's log (DATA/node.log)";
        };
    }

    /**
     * @return the hosts a membership command acts on: the one named, or the partition's whole group; null after
     * saying why the named host cannot be used.
     */
    private static List<Integer> hostsOf(
        final ClusterFile cluster, final int partitionId, final String host, final PrintStream err)
    {
        final List<Integer> group = groupOf(cluster, partitionId);
        if (null == host)
        {
            return group;
        }
        for (final int member : group)
        {
            if (hostName(member).equals(host))
            {
                return List.of(member);
            }
        }
        err.printf(Locale.ROOT, "ctl: %s is not in the group of partition %d (%s); --host names one of them%n", host,
            partitionId, hostNames(group));
        return null;
    }

    static List<Integer> groupOf(final ClusterFile cluster, final int partitionId)
    {
        final ReplicaPlacement placement = new ReplicaPlacement(cluster.partitions(), cluster.hosts().size(),
            cluster.replicationFactor());
        final List<Integer> group = new ArrayList<>();
        for (int rank = 0; rank < cluster.replicationFactor(); rank++)
        {
            group.add(placement.hostOf(partitionId, rank) - 1);
        }
        return group;
    }

    static String hostName(final int hostIndex)
    {
        return ReplicaPlacement.hostName(hostIndex + 1);
    }

    /**
     * @return the hosts' names, comma-separated, for messages.
     */
    static String hostNames(final List<Integer> hostIndexes)
    {
        final List<String> names = new ArrayList<>();
        for (final int hostIndex : hostIndexes)
        {
            names.add(hostName(hostIndex));
        }
        return String.join(", ", names);
    }
}
