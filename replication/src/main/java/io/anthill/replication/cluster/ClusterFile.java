package io.anthill.replication.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.openhft.chronicle.queue.RollCycle;

/**
 * The one configuration file of a cluster, read by every node, client and tool. Strict: an unknown key, a missing
 * one, a malformed value or a gap in the host numbering is an error naming the line, the key and the reason, because
 * a typo that silently falls back to a default takes a cluster down at 3 a.m.
 *
 * <pre>
 * # hosts, in order: partition p's replica group starts at host (p mod N) + 1 and continues in order
 * host-1.replication = 127.0.0.1:20101     # replication traffic (Aeron UDP)
 * host-1.client      = 127.0.0.1:20201     # client protocol (Aeron UDP)
 * host-1.data        = run/host-1          # journals, snapshots, media driver, counters
 * partitions         = 4                   # partition ids 0..3
 * replication.factor = 3                   # odd, at most the host count
 * heartbeat.ms       = 50                  # optional
 * election.timeout.ms = 500                # optional
 * journal.roll       = 1d                  # optional: 10m, 1h, 6h or 1d, the catch-up window from peers' logs
 * admin.credential   = change-me-16-chars  # control plane credential; at least 16 characters
 * </pre>
 * Every default is in {@link ClusterFileDefaults} and docs/configuration.md.
 */
public final class ClusterFile
{
    private static final Pattern HOST_KEY = Pattern.compile("host-([1-9][0-9]*)\\.(replication|client|data)");
    private static final Pattern ENDPOINT = Pattern.compile("[A-Za-z0-9.-]+:([1-9][0-9]{0,4})");
    private static final Set<String> CLUSTER_KEYS = Set.of(
        "partitions", "replication.factor", "heartbeat.ms", "election.timeout.ms", "admin.credential", "journal.roll");

    private final List<Host> hosts;
    private final int partitions;
    private final int replicationFactor;
    private final long heartbeatMs;
    private final long electionTimeoutMs;
    private final String adminCredential;
    private final RollCycle journalRollCycle;

    /**
     * One host of the cluster.
     *
     * @param name        host-N.
     * @param replication its replication endpoint, host:port.
     * @param client      its client endpoint, host:port.
     * @param data        its data directory.
     */
    public record Host(String name, String replication, String client, Path data)
    {
    }

    private ClusterFile(
        final List<Host> hosts, final int partitions, final int replicationFactor, final long heartbeatMs,
        final long electionTimeoutMs, final String adminCredential, final RollCycle journalRollCycle)
    {
        this.journalRollCycle = journalRollCycle;
        this.hosts = Collections.unmodifiableList(hosts);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.heartbeatMs = heartbeatMs;
        this.electionTimeoutMs = electionTimeoutMs;
        this.adminCredential = adminCredential;
    }

    /**
     * Reads and validates a cluster file; relative data directories resolve against the file's directory.
     *
     * @param file the file.
     * @return the cluster.
     * @throws IOException if it cannot be read.
     * @throws ClusterFileException naming the bad line or key and the reason.
     */
    public static ClusterFile load(final Path file) throws IOException
    {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(),
            file.toAbsolutePath().getParent());
    }

    /**
     * Validates cluster-file text.
     *
     * @param text    the content.
     * @param source  a name for messages.
     * @param baseDir what relative data directories resolve against.
     * @return the cluster.
     */
    public static ClusterFile parse(final String text, final String source, final Path baseDir)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = stripComment(lines[i]).trim();
            if (line.isEmpty())
            {
                continue;
            }
            final int equals = line.indexOf('=');
            if (equals <= 0)
            {
                throw new ClusterFileException(source + ":" + (i + 1) + ": expected KEY = VALUE, found '" + line + "'");
            }
            final String key = line.substring(0, equals).trim();
            final String value = line.substring(equals + 1).trim();
            if (!CLUSTER_KEYS.contains(key) && !HOST_KEY.matcher(key).matches())
            {
                throw new ClusterFileException(source + ":" + (i + 1) + ": unknown key '" + key + "'");
            }
            if (null != values.put(key, value))
            {
                throw new ClusterFileException(source + ":" + (i + 1) + ": key '" + key + "' given twice");
            }
        }
        return build(values, source, baseDir);
    }

    private static ClusterFile build(final Map<String, String> values, final String source, final Path baseDir)
    {
        final List<Host> hosts = hosts(values, source, baseDir);
        final int partitions = (int)number(values, "partitions", null, 1, 65_536, source);
        final int factor = (int)number(values, "replication.factor", (long)ClusterFileDefaults.REPLICATION_FACTOR,
            1, hosts.size(), source);
        if (factor % 2 == 0)
        {
            throw new ClusterFileException(source + ": replication.factor must be odd (2f + 1), was " + factor);
        }
        final long heartbeatMs = number(values, "heartbeat.ms", ClusterFileDefaults.HEARTBEAT_MS, 1, 60_000, source);
        final long electionMs = number(values, "election.timeout.ms", ClusterFileDefaults.ELECTION_TIMEOUT_MS,
            3 * heartbeatMs, 600_000, source);
        final String credential = values.get("admin.credential");
        if (null == credential || credential.length() < ClusterFileDefaults.CREDENTIAL_LENGTH_MIN)
        {
            throw new ClusterFileException(source + ": admin.credential must be set, at least " +
                ClusterFileDefaults.CREDENTIAL_LENGTH_MIN + " characters");
        }
        final String journalRoll = values.getOrDefault("journal.roll", ClusterFileDefaults.JOURNAL_ROLL);
        final RollCycle journalRollCycle = ClusterFileDefaults.JOURNAL_ROLL_CYCLES.get(journalRoll);
        if (null == journalRollCycle)
        {
            throw new ClusterFileException(source + ": journal.roll must be one of " +
                ClusterFileDefaults.JOURNAL_ROLL_CYCLES.keySet() + ", was '" + journalRoll + "'");
        }
        return new ClusterFile(hosts, partitions, factor, heartbeatMs, electionMs, credential, journalRollCycle);
    }

    private static List<Host> hosts(final Map<String, String> values, final String source, final Path baseDir)
    {
        int count = 0;
        for (final String key : values.keySet())
        {
            final Matcher matcher = HOST_KEY.matcher(key);
            if (matcher.matches())
            {
                count = Math.max(count, Integer.parseInt(matcher.group(1)));
            }
        }
        if (count == 0)
        {
            throw new ClusterFileException(source + ": no hosts; add host-1.replication, host-1.client, host-1.data");
        }
        final List<Host> hosts = new ArrayList<>();
        for (int n = 1; n <= count; n++)
        {
            final String name = "host-" + n;
            final String replication = endpoint(values, name + ".replication", source);
            final String client = endpoint(values, name + ".client", source);
            final String data = values.get(name + ".data");
            if (null == data || data.isEmpty())
            {
                throw new ClusterFileException(source + ": " + name + ".data is missing (hosts are numbered 1.." +
                    count + " without gaps)");
            }
            hosts.add(new Host(name, replication, client, baseDir.resolve(data).normalize()));
        }
        return hosts;
    }

    private static String endpoint(final Map<String, String> values, final String key, final String source)
    {
        final String value = values.get(key);
        if (null == value)
        {
            throw new ClusterFileException(source + ": " + key + " is missing");
        }
        final Matcher matcher = ENDPOINT.matcher(value);
        if (!matcher.matches() || Integer.parseInt(matcher.group(1)) > 65_535)
        {
            throw new ClusterFileException(source + ": " + key + " must be host:port with a port in 1..65535, was '" +
                value + "'");
        }
        return value;
    }

    private static long number(
        final Map<String, String> values, final String key, final Long defaultValue, final long min, final long max,
        final String source)
    {
        final String value = values.get(key);
        if (null == value)
        {
            if (null == defaultValue)
            {
                throw new ClusterFileException(source + ": " + key + " is missing");
            }
            return defaultValue;
        }
        final long parsed;
        try
        {
            parsed = Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new ClusterFileException(source + ": " + key + " must be a whole number, was '" + value + "'");
        }
        if (parsed < min || parsed > max)
        {
            throw new ClusterFileException(source + ": " + key + " must be in " + min + ".." + max + ", was " + parsed);
        }
        return parsed;
    }

    private static String stripComment(final String line)
    {
        final int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    /**
     * @param name host-N.
     * @return its index in {@link #hosts()}, from 0.
     * @throws ClusterFileException if there is no such host.
     */
    public int indexOf(final String name)
    {
        for (int i = 0; i < hosts.size(); i++)
        {
            if (hosts.get(i).name().equals(name))
            {
                return i;
            }
        }
        throw new ClusterFileException("no host named '" + name + "'; hosts are host-1..host-" + hosts.size());
    }

    /** @return the hosts in order. */
    public List<Host> hosts()
    {
        return hosts;
    }

    /** @return the number of partitions, ids 0..partitions-1. */
    public int partitions()
    {
        return partitions;
    }

    /** @return replicas per partition. */
    public int replicationFactor()
    {
        return replicationFactor;
    }

    /** @return the primary's heartbeat interval in milliseconds. */
    public long heartbeatMs()
    {
        return heartbeatMs;
    }

    /** @return the election timeout in milliseconds. */
    public long electionTimeoutMs()
    {
        return electionTimeoutMs;
    }

    /**
     * @return how often each journal starts a new file: retention after a snapshot deletes whole files, so this is the
     * window in which a replica that was down catches up from its peers' logs; one down longer is sent a snapshot.
     */
    public RollCycle journalRollCycle()
    {
        return journalRollCycle;
    }

    /** @return the control plane credential. */
    public String adminCredential()
    {
        return adminCredential;
    }
}
