package io.anthill.replication.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.anthill.engine.ReplayDomain;
import io.anthill.journal.eventlog.EventLog;
import org.agrona.concurrent.status.CountersReader;

/**
 * The process of one host: {@code scripts/node --config FILE --host host-N [--domain NAME]}. Loads the cluster file
 * (a bad one prints its message and exits 2), finds the business domain by name among the
 * {@link ReplayDomain}s on the class path (so the replication module needs no compile-time dependency on any domain),
 * runs a {@link ClusterNode}, writes its PID to {@code DATA/node.pid}, logs one {@code key=value} line per significant
 * event (start, role and view changes, errors, stop) in the {@link EventLog} format and closes cleanly on SIGTERM
 * through a shutdown hook.
 */
public final class NodeMain
{
    /** File in the host's data directory holding the running node's process id. */
    public static final String PID_FILE = "node.pid";
    /** Domain run when none is named. */
    public static final String DOMAIN_DEFAULT = "trading";
    /** System property the bundled domains read their partition count from; set from the cluster file if unset. */
    public static final String PARTITION_COUNT_PROP = "anthill.example.partitionCount";
    private static final String USAGE = "usage: scripts/node --config FILE --host host-N [--domain NAME]";
    private static final long WATCH_INTERVAL_MS = 20;

    private NodeMain()
    {
    }

    /**
     * @param args {@code --config FILE --host host-N [--domain NAME]}.
     * @throws InterruptedException never in practice: the main thread waits for the shutdown hook.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        String config = null;
        String hostName = null;
        String domainName = DOMAIN_DEFAULT;
        for (int i = 0; i < args.length; i++)
        {
            final String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--config" -> config = value;
                case "--host" -> hostName = value;
                case "--domain" -> domainName = value;
                default -> exit(USAGE + "\nunknown argument '" + args[i] + "'");
            }
            i++;
        }
        if (null == config || null == hostName || null == domainName)
        {
            exit(USAGE);
        }
        final ClusterFile cluster = load(Path.of(config));
        final int hostIndex = hostIndex(cluster, hostName);
        if (null == System.getProperty(PARTITION_COUNT_PROP))
        {
            // a ReplayDomain takes no configuration: the bundled domains read their deployment's shape from here
            System.setProperty(PARTITION_COUNT_PROP, Integer.toString(cluster.partitions()));
        }
        final ReplayDomain domain = findDomain(domainName);
        run(cluster, hostIndex, domain);
    }

    private static void run(final ClusterFile cluster, final int hostIndex, final ReplayDomain domain)
        throws InterruptedException
    {
        final ClusterFile.Host host = cluster.hosts().get(hostIndex);
        final long pid = ProcessHandle.current().pid();
        EventLog.info("starting", "host", host.name(), "pid", pid, "domain", domain.name(), "client", host.client(),
            "replication", host.replication(), "data", host.data());
        final long startNs = System.nanoTime();
        final ClusterNode node;
        try
        {
            node = ClusterNode.launch(cluster, hostIndex, domain,
                ex -> EventLog.warn("error", "host", host.name(), "error", ex));
        }
        catch (final RuntimeException ex)
        {
            EventLog.warn("start_failed", "host", host.name(), "error", ex);
            System.exit(1);
            return;
        }
        // promote the pools start-up allocated (ring slots, order pools, read models) in one collection now, rather
        // than have the first young collection copy them all while clients wait
        System.gc();
        final Path pidFile = host.data().resolve(PID_FILE);
        writePid(pidFile, pid);
        EventLog.info("started", "host", host.name(), "partitions", node.hostedPartitions().toString().replace(" ", ""),
            "startMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            EventLog.info("stopping", "host", host.name());
            node.close();
            deleteQuietly(pidFile);
            EventLog.info("stopped", "host", host.name());
            stopped.countDown();
        }, "anthill-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        watchRoles(host.name(), CountersFile.open(host.data()).reader(), stopped);
    }

    /**
     * Logs each partition's role and view whenever they change, read from the node's own counters file.
     */
    private static void watchRoles(final String hostName, final CountersReader counters, final CountDownLatch stopped)
        throws InterruptedException
    {
        List<Object> last = List.of();
        while (!stopped.await(WATCH_INTERVAL_MS, TimeUnit.MILLISECONDS))
        {
            final TreeMap<Integer, String> roles = new TreeMap<>();
            counters.forEach((value, id, label) ->
            {
                final int partitionAt = label.indexOf(" partition ");
                final int colon = label.indexOf(':');
                if (partitionAt > 0 && colon > partitionAt && label.contains(": replica "))
                {
                    final int partition = Integer.parseInt(label.substring(partitionAt + 11, colon));
                    final String part = label.contains(": replica view") ? "@view" + value :
                        label.contains(": replica role") ? roleName(value) : "";
                    roles.merge(partition, part, (a, b) -> b.startsWith("@") ? a + b : b + a);
                }
            });
            final List<Object> keyValues = new ArrayList<>(List.of("host", hostName));
            roles.forEach((partition, role) -> keyValues.addAll(List.of("partition-" + partition, role)));
            if (!keyValues.equals(last))
            {
                last = keyValues;
                EventLog.info("roles", keyValues.toArray());
            }
        }
    }

    private static String roleName(final long value)
    {
        return switch ((int)value)
        {
            case 0 -> "follower";
            case 1 -> "primary";
            case 2 -> "view-change";
            default -> "recovering";
        };
    }

    private static ClusterFile load(final Path file)
    {
        try
        {
            return ClusterFile.load(file);
        }
        catch (final NoSuchFileException ex)
        {
            exit("no cluster file at " + file);
        }
        catch (final IOException ex)
        {
            exit("cannot read cluster file " + file + ": " + ex.getMessage());
        }
        catch (final ClusterFileException ex)
        {
            exit(ex.getMessage());
        }
        throw new IllegalStateException("unreachable");
    }

    private static int hostIndex(final ClusterFile cluster, final String hostName)
    {
        try
        {
            return cluster.indexOf(hostName);
        }
        catch (final ClusterFileException ex)
        {
            exit(ex.getMessage());
            return -1;
        }
    }

    /**
     * @param name a domain name.
     * @return the domain of that name on the class path.
     */
    static ReplayDomain findDomain(final String name)
    {
        final List<String> known = new ArrayList<>();
        for (final ReplayDomain domain : ServiceLoader.load(ReplayDomain.class))
        {
            if (domain.name().equals(name))
            {
                return domain;
            }
            known.add(domain.name());
        }
        exit("unknown domain '" + name + "'; domains on the class path: " + (known.isEmpty() ? "none" : known));
        return null;
    }

    private static void writePid(final Path pidFile, final long pid)
    {
        try
        {
            Files.writeString(pidFile, pid + "\n", StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            EventLog.warn("error", "error", "cannot write " + pidFile + ": " + ex.getMessage());
        }
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            EventLog.warn("error", "error", "cannot delete " + file + ": " + ex.getMessage());
        }
    }

    private static void exit(final String message)
    {
        System.err.println(message);
        System.exit(2);
    }
}
