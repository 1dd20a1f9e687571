package io.anthill.engine.node;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * Settings of a {@link Node}, Aeron style: fluent setters, {@link #conclude()} validates them and fills every
 * unset value from {@link NodeConfiguration}, then getters. Not thread safe; conclude before launch.
 */
public final class NodeContext
{
    private int hostIndex = -1;
    private final List<String> hostAddresses = new ArrayList<>();
    private int partitionCount = -1;
    private int replicationFactor = 1;
    private PartitionFactory partitionFactory;
    private ClientFrameSink frameSink;
    private byte[] adminCredential;
    private byte[] clientCredential;
    private long queueDelaySlaMs = -1;
    private int retryAfterMaxMs = -1;
    private int sessionCapacity = -1;
    private int controlRequestsPerSecond = -1;
    private CountersManager countersManager;
    private ErrorHandler errorHandler;
    private EpochNanoClock clock;
    private ReplicaPlacement placement;
    private boolean concluded;

    /**
     * Validates every setting and fills defaults.
     *
     * @return this for chaining.
     * @throws IllegalArgumentException naming the setting to fix.
     */
    public NodeContext conclude()
    {
        require(partitionCount >= 1, "partitionCount must be >= 1, was " + partitionCount);
        require(!hostAddresses.isEmpty(), "hostAddresses: give the client address of every host, host-1 first");
        require(hostIndex >= 1 && hostIndex <= hostAddresses.size(),
            "hostIndex must be in [1, " + hostAddresses.size() + "], was " + hostIndex);
        require(null != partitionFactory, "partitionFactory is required");
        require(null != frameSink, "frameSink is required: where responses to clients go");
        require(null != adminCredential && adminCredential.length >= NodeConfiguration.ADMIN_CREDENTIAL_LENGTH_MIN &&
            adminCredential.length <= NodeConfiguration.CREDENTIAL_LENGTH_MAX,
            "adminCredential is required, " + NodeConfiguration.ADMIN_CREDENTIAL_LENGTH_MIN + ".." +
            NodeConfiguration.CREDENTIAL_LENGTH_MAX + " bytes");
        require(null == clientCredential || clientCredential.length <= NodeConfiguration.CREDENTIAL_LENGTH_MAX,
            "clientCredential longer than " + NodeConfiguration.CREDENTIAL_LENGTH_MAX);
        placement = new ReplicaPlacement(partitionCount, hostAddresses.size(), replicationFactor);
        queueDelaySlaMs = queueDelaySlaMs < 0 ? NodeConfiguration.queueDelaySlaMs() : queueDelaySlaMs;
        retryAfterMaxMs = retryAfterMaxMs < 0 ? NodeConfiguration.retryAfterMaxMs() : retryAfterMaxMs;
        sessionCapacity = sessionCapacity < 0 ? NodeConfiguration.sessionCapacity() : sessionCapacity;
        controlRequestsPerSecond = controlRequestsPerSecond < 0 ?
            NodeConfiguration.controlRequestsPerSecond() : controlRequestsPerSecond;
        require(queueDelaySlaMs >= 1, "queueDelaySlaMs must be >= 1, was " + queueDelaySlaMs);
        require(retryAfterMaxMs >= 1, "retryAfterMaxMs must be >= 1, was " + retryAfterMaxMs);
        require(sessionCapacity >= 1 && sessionCapacity <= NodeConfiguration.SESSION_CAPACITY_MAX,
            "sessionCapacity must be in [1, " + NodeConfiguration.SESSION_CAPACITY_MAX + "], was " + sessionCapacity);
        require(controlRequestsPerSecond >= 1, "controlRequestsPerSecond must be >= 1");
        errorHandler = null == errorHandler ? Throwable::printStackTrace : errorHandler;
        clock = null == clock ? new OffsetEpochNanoClock() : clock;
        if (null == countersManager)
        {
            countersManager = new CountersManager(
                new UnsafeBuffer(ByteBuffer.allocateDirect(NodeConfiguration.COUNTERS_MAX * 1024)),
                new UnsafeBuffer(ByteBuffer.allocateDirect(NodeConfiguration.COUNTERS_MAX * CountersManager.COUNTER_LENGTH)));
        }
        concluded = true;
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return true once {@link #conclude()} succeeded. */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @param hostIndex which host this node is, {@code host-<hostIndex>}, from 1.
     * @return this for chaining.
     */
    public NodeContext hostIndex(final int hostIndex)
    {
        this.hostIndex = hostIndex;
        return this;
    }

    /** @return which host this node is, from 1. */
    public int hostIndex()
    {
        return hostIndex;
    }

    /**
     * @param addresses the client-facing address of every host, host-1 first; redirects name them.
     * @return this for chaining.
     */
    public NodeContext hostAddresses(final List<String> addresses)
    {
        hostAddresses.clear();
        hostAddresses.addAll(addresses);
        return this;
    }

    /** @return the client-facing address of every host, host-1 first. */
    public List<String> hostAddresses()
    {
        return hostAddresses;
    }

    /**
     * @param partitionCount partitions P of the deployment, fixed for its life.
     * @return this for chaining.
     */
    public NodeContext partitionCount(final int partitionCount)
    {
        this.partitionCount = partitionCount;
        return this;
    }

    /**
     * @param replicationFactor replicas per partition; default 1.
     * @return this for chaining.
     */
    public NodeContext replicationFactor(final int replicationFactor)
    {
        this.replicationFactor = replicationFactor;
        return this;
    }

    /** @return the placement of partitions over hosts, made by {@link #conclude()}. */
    public ReplicaPlacement placement()
    {
        return placement;
    }

    /**
     * @param partitionFactory supplies the settings of each partition the control plane adds.
     * @return this for chaining.
     */
    public NodeContext partitionFactory(final PartitionFactory partitionFactory)
    {
        this.partitionFactory = partitionFactory;
        return this;
    }

    /** @return supplies the settings of each partition. */
    public PartitionFactory partitionFactory()
    {
        return partitionFactory;
    }

    /**
     * @param frameSink where response frames to clients go.
     * @return this for chaining.
     */
    public NodeContext frameSink(final ClientFrameSink frameSink)
    {
        this.frameSink = frameSink;
        return this;
    }

    /** @return where response frames to clients go. */
    public ClientFrameSink frameSink()
    {
        return frameSink;
    }

    /**
     * @param adminCredential the shared secret every control-plane request carries; required, at least
     *                        {@link NodeConfiguration#ADMIN_CREDENTIAL_LENGTH_MIN} bytes.
     * @return this for chaining.
     */
    public NodeContext adminCredential(final byte[] adminCredential)
    {
        this.adminCredential = adminCredential.clone();
        return this;
    }

    byte[] adminCredential()
    {
        return adminCredential;
    }

    /**
     * @param clientCredential the secret a client's Connect must carry; null (the default) accepts any Connect.
     * @return this for chaining.
     */
    public NodeContext clientCredential(final byte[] clientCredential)
    {
        this.clientCredential = null == clientCredential ? null : clientCredential.clone();
        return this;
    }

    byte[] clientCredential()
    {
        return clientCredential;
    }

    /**
     * @param queueDelaySlaMs queueing delay above which new writes are refused OVERLOADED.
     * @return this for chaining.
     */
    public NodeContext queueDelaySlaMs(final long queueDelaySlaMs)
    {
        this.queueDelaySlaMs = queueDelaySlaMs;
        return this;
    }

    /** @return queueing delay above which new writes are refused, in ms. */
    public long queueDelaySlaMs()
    {
        return queueDelaySlaMs;
    }

    /**
     * @param retryAfterMaxMs largest retry-after hint.
     * @return this for chaining.
     */
    public NodeContext retryAfterMaxMs(final int retryAfterMaxMs)
    {
        this.retryAfterMaxMs = retryAfterMaxMs;
        return this;
    }

    /** @return largest retry-after hint, in ms. */
    public int retryAfterMaxMs()
    {
        return retryAfterMaxMs;
    }

    /**
     * @param sessionCapacity sessions one ingress remembers as authenticated.
     * @return this for chaining.
     */
    public NodeContext sessionCapacity(final int sessionCapacity)
    {
        this.sessionCapacity = sessionCapacity;
        return this;
    }

    /** @return sessions one ingress remembers. */
    public int sessionCapacity()
    {
        return sessionCapacity;
    }

    /**
     * @param controlRequestsPerSecond control-plane requests served per second.
     * @return this for chaining.
     */
    public NodeContext controlRequestsPerSecond(final int controlRequestsPerSecond)
    {
        this.controlRequestsPerSecond = controlRequestsPerSecond;
        return this;
    }

    /** @return control-plane requests served per second. */
    public int controlRequestsPerSecond()
    {
        return controlRequestsPerSecond;
    }

    /**
     * @param countersManager where the node's counters live; default a private in-memory buffer.
     * @return this for chaining.
     */
    public NodeContext countersManager(final CountersManager countersManager)
    {
        this.countersManager = countersManager;
        return this;
    }

    /** @return where the node's counters live. */
    public CountersManager countersManager()
    {
        return countersManager;
    }

    /**
     * @param errorHandler receives every counted error once.
     * @return this for chaining.
     */
    public NodeContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /** @return the error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param clock the clock of the control plane's rate limit; default the system clock.
     * @return this for chaining.
     */
    public NodeContext clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** @return the clock. */
    public EpochNanoClock clock()
    {
        return clock;
    }
}
