package io.anthill.replication.client;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import io.anthill.engine.PartitionConfiguration;
import io.anthill.replication.cluster.ClusterFile;
import io.anthill.replication.cluster.ClusterFileDefaults;
import org.agrona.ErrorHandler;

/**
 * The settings of an {@link AnthillClient}, Aeron-style: fluent setters, then {@link #conclude()} validates them and
 * fills every default, so a bad setting fails at start with a message saying what to fix, never mid-request. Every
 * default is a named constant here and listed in docs/client.md.
 */
public final class AnthillClientContext
{
    /** Sessions the client opens, each with at most one request in flight. */
    public static final int SESSION_COUNT_DEFAULT = 16;
    /** Most sessions one client opens. */
    public static final int SESSION_COUNT_MAX = 4096;
    /** Silence after which a request is sent again, to the next replica of its group. */
    public static final long RETRY_INTERVAL_MS_DEFAULT = 200;
    /** Time after which a request that got no answer ends in a TIMEOUT failure. */
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = 5_000;
    /** Pause after every replica of a group refused a request as not primary (a view change is under way). */
    public static final long BACK_OFF_MS_DEFAULT = 20;
    /** Longest payload a request may carry: the partitions' default limit. */
    public static final int PAYLOAD_LENGTH_MAX_DEFAULT = PartitionConfiguration.PAYLOAD_LENGTH_MAX_DEFAULT;
    /** Address the client's response endpoint binds to. */
    public static final String RESPONSE_HOST_DEFAULT = "127.0.0.1";
    /** Longest the client waits for its media driver and response endpoint at start. */
    public static final long START_TIMEOUT_MS_DEFAULT = 10_000;

    private List<String> clientEndpoints;
    private int partitionCount;
    private int replicationFactor = ClusterFileDefaults.REPLICATION_FACTOR;
    private String aeronDirectoryName;
    private Path embeddedDriverDirectory;
    private String responseHost = RESPONSE_HOST_DEFAULT;
    private int responsePort;
    private long sessionId;
    private int sessionCount = SESSION_COUNT_DEFAULT;
    private byte[] credential;
    private long retryIntervalMs = RETRY_INTERVAL_MS_DEFAULT;
    private long requestTimeoutMs = REQUEST_TIMEOUT_MS_DEFAULT;
    private long backOffMs = BACK_OFF_MS_DEFAULT;
    private int payloadLengthMax = PAYLOAD_LENGTH_MAX_DEFAULT;
    private long startTimeoutMs = START_TIMEOUT_MS_DEFAULT;
    private ErrorHandler errorHandler;
    private boolean concluded;

    /**
     * Takes the hosts' client endpoints, the partition count and the replication factor from a cluster file.
     *
     * @param cluster the cluster file every node runs with.
     * @return this.
     */
    public AnthillClientContext clusterFile(final ClusterFile cluster)
    {
        clientEndpoints = cluster.hosts().stream().map(ClusterFile.Host::client).toList();
        partitionCount = cluster.partitions();
        replicationFactor = cluster.replicationFactor();
        return this;
    }

    /**
     * @param endpoints the hosts' client endpoints, host:port, in the cluster file's order (host-1 first).
     * @return this.
     */
    public AnthillClientContext clientEndpoints(final List<String> endpoints)
    {
        this.clientEndpoints = List.copyOf(endpoints);
        return this;
    }

    /**
     * @param count the cluster's partition count.
     * @return this.
     */
    public AnthillClientContext partitionCount(final int count)
    {
        this.partitionCount = count;
        return this;
    }

    /**
     * @param factor replicas per partition, as in the cluster file.
     * @return this.
     */
    public AnthillClientContext replicationFactor(final int factor)
    {
        this.replicationFactor = factor;
        return this;
    }

    /**
     * @param name a running media driver's directory; when unset the client embeds its own driver.
     * @return this.
     */
    public AnthillClientContext aeronDirectoryName(final String name)
    {
        this.aeronDirectoryName = name;
        return this;
    }

    /**
     * @param directory where the embedded media driver lives (wiped at start and close); a fresh temporary
     *                  directory by default.
     * @return this.
     */
    public AnthillClientContext embeddedDriverDirectory(final Path directory)
    {
        this.embeddedDriverDirectory = directory;
        return this;
    }

    /**
     * @param host the address the response endpoint binds to and the nodes answer to.
     * @return this.
     */
    public AnthillClientContext responseHost(final String host)
    {
        this.responseHost = host;
        return this;
    }

    /**
     * @param port the response endpoint's UDP port; 0 (the default) takes a free one.
     * @return this.
     */
    public AnthillClientContext responsePort(final int port)
    {
        this.responsePort = port;
        return this;
    }

    /**
     * @param id the first session id; the client uses ids {@code id .. id + sessionCount - 1}. Random by default, so
     *           a restarted client never repeats a request id of an earlier one within a session.
     * @return this.
     */
    public AnthillClientContext sessionId(final long id)
    {
        this.sessionId = id;
        return this;
    }

    /**
     * @param count sessions, hence the most requests in flight at once (one per session).
     * @return this.
     */
    public AnthillClientContext sessionCount(final int count)
    {
        this.sessionCount = count;
        return this;
    }

    /**
     * @param credential sent with every Connect; null (the default) for a cluster without client credentials.
     * @return this.
     */
    public AnthillClientContext credential(final byte[] credential)
    {
        this.credential = null == credential ? null : credential.clone();
        return this;
    }

    /**
     * @param ms silence after which a request is sent again to the next replica.
     * @return this.
     */
    public AnthillClientContext retryIntervalMs(final long ms)
    {
        this.retryIntervalMs = ms;
        return this;
    }

    /**
     * @param ms time after which an unanswered request ends in a TIMEOUT failure.
     * @return this.
     */
    public AnthillClientContext requestTimeoutMs(final long ms)
    {
        this.requestTimeoutMs = ms;
        return this;
    }

    /**
     * @param ms pause after a whole group refused a request as not primary.
     * @return this.
     */
    public AnthillClientContext backOffMs(final long ms)
    {
        this.backOffMs = ms;
        return this;
    }

    /**
     * @param length the longest payload a request may carry; each session keeps a copy of this size for retries.
     * @return this.
     */
    public AnthillClientContext payloadLengthMax(final int length)
    {
        this.payloadLengthMax = length;
        return this;
    }

    /**
     * @param ms how long to wait for the media driver and the response endpoint at start.
     * @return this.
     */
    public AnthillClientContext startTimeoutMs(final long ms)
    {
        this.startTimeoutMs = ms;
        return this;
    }

    /**
     * @param handler receives transport errors; by default they are printed to standard error.
     * @return this.
     */
    public AnthillClientContext errorHandler(final ErrorHandler handler)
    {
        this.errorHandler = handler;
        return this;
    }

    /**
     * Validates the settings and fills the defaults; idempotent.
     *
     * @return this.
     * @throws IllegalStateException naming the setting to fix.
     */
    public AnthillClientContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        require(null != clientEndpoints && !clientEndpoints.isEmpty(), "clientEndpoints or clusterFile must be set");
        require(partitionCount >= 1, "partitionCount must be >= 1, was " + partitionCount);
        require(replicationFactor >= 1 && replicationFactor <= clientEndpoints.size() && replicationFactor <= 31,
            "replicationFactor must be in 1..min(hosts, 31), was " + replicationFactor);
        require(sessionCount >= 1 && sessionCount <= SESSION_COUNT_MAX,
            "sessionCount must be in 1.." + SESSION_COUNT_MAX + ", was " + sessionCount);
        require(retryIntervalMs >= 1, "retryIntervalMs must be >= 1, was " + retryIntervalMs);
        require(requestTimeoutMs >= retryIntervalMs, "requestTimeoutMs must be >= retryIntervalMs");
        require(backOffMs >= 0, "backOffMs must be >= 0, was " + backOffMs);
        require(payloadLengthMax >= 1, "payloadLengthMax must be >= 1, was " + payloadLengthMax);
        require(responsePort >= 0 && responsePort <= 65_535, "responsePort must be in 0..65535, was " + responsePort);
        require(startTimeoutMs >= 1, "startTimeoutMs must be >= 1");
        if (0 == sessionId)
        {
            sessionId = 1 + (new SecureRandom().nextLong() >>> 2);
        }
        require(sessionId > 0 && sessionId + sessionCount > 0, "sessionId must be positive, was " + sessionId);
        if (null == errorHandler)
        {
            errorHandler = Throwable::printStackTrace;
        }
        concluded = true;
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException("AnthillClientContext: " + message);
        }
    }

    /** @return the hosts' client endpoints, host-1 first. */
    public List<String> clientEndpoints()
    {
        return clientEndpoints;
    }

    /** @return the partition count. */
    public int partitionCount()
    {
        return partitionCount;
    }

    /** @return replicas per partition. */
    public int replicationFactor()
    {
        return replicationFactor;
    }

    /** @return the external media driver's directory, or null to embed one. */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /** @return the embedded driver's directory, or null for a fresh temporary one. */
    public Path embeddedDriverDirectory()
    {
        return embeddedDriverDirectory;
    }

    /** @return the response endpoint's address. */
    public String responseHost()
    {
        return responseHost;
    }

    /** @return the response endpoint's port, 0 for a free one. */
    public int responsePort()
    {
        return responsePort;
    }

    /** @return the first session id. */
    public long sessionId()
    {
        return sessionId;
    }

    /** @return sessions, one request in flight each. */
    public int sessionCount()
    {
        return sessionCount;
    }

    /** @return the credential, or null. */
    public byte[] credential()
    {
        return null == credential ? null : credential.clone();
    }

    /** @return the retry interval in milliseconds. */
    public long retryIntervalMs()
    {
        return retryIntervalMs;
    }

    /** @return the request timeout in milliseconds. */
    public long requestTimeoutMs()
    {
        return requestTimeoutMs;
    }

    /** @return the back-off after a whole group refused, in milliseconds. */
    public long backOffMs()
    {
        return backOffMs;
    }

    /** @return the longest payload. */
    public int payloadLengthMax()
    {
        return payloadLengthMax;
    }

    /** @return the start timeout in milliseconds. */
    public long startTimeoutMs()
    {
        return startTimeoutMs;
    }

    /** @return the error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }
}
