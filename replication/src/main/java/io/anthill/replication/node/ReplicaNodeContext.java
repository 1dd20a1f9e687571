package io.anthill.replication.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.anthill.engine.Projection;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.StateMachine;
import io.anthill.journal.DurabilityPolicy;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.status.CountersManager;

/**
 * Settings of one node of a replicated cluster: which node it is, every node's replication endpoint, the partitions
 * it hosts and how to build their state machines, read models and response sinks. Validated by {@link #conclude()}.
 * <p>
 * Placement: partition p's replica group is the {@code groupSize} nodes starting at node {@code p mod N} and
 * continuing in order, so primaries of view 0 spread over the nodes; replica i of the group is node
 * {@code (p + i) mod N}, and the view's primary (replica {@code view mod groupSize}) is the next node in that order.
 */
public final class ReplicaNodeContext
{
    /** Default replication stream id. */
    public static final int STREAM_ID_DEFAULT = 1100;
    /** Default replicas per partition: 2f + 1 with f = 1. */
    public static final int GROUP_SIZE_DEFAULT = 3;
    /** Default largest client payload of a replicated partition: small, so a prepare carries many entries. */
    public static final int PAYLOAD_LENGTH_MAX_DEFAULT = 1024;
    /** Default uncommitted ops the primary may have in flight. */
    public static final int PENDING_OPS_MAX_DEFAULT = 128;
    /** Default heartbeat interval. */
    public static final long HEARTBEAT_INTERVAL_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(50);
    /** Default silence from the primary before a view change. */
    public static final long ELECTION_TIMEOUT_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(500);
    /** Longest the replication agent parks when idle: adds at most this to a hop at low load. */
    public static final long AGENT_PARK_MAX_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /**
     * Duty cycles the idle replication agent repeats before it yields and then parks. Few: each idle cycle polls the
     * sockets of the driver it runs (a system call per channel), so spinning costs the other threads CPU; measured
     * with seed-target, 100 spins and 10 yields took a third more CPU than 1 and 1 for no lower latency (docs/perf.md).
     */
    public static final int AGENT_IDLE_SPINS = 1;
    /** Yields of the idle replication agent before it parks; see {@link #AGENT_IDLE_SPINS}. */
    public static final int AGENT_IDLE_YIELDS = 1;

    private int nodeIndex = -1;
    private List<String> replicationEndpoints;
    private List<Integer> partitions;
    private int groupSize = GROUP_SIZE_DEFAULT;
    private int streamId = STREAM_ID_DEFAULT;
    private Path dataDirectory;
    private Path aeronDirectory;
    private IntFunction<StateMachine> stateMachines;
    private IntFunction<List<Projection>> projections = partitionId -> List.of();
    private IntFunction<ResponseSink> responseSinks = partitionId -> ResponseSink.DISCARD;
    private DurabilityPolicy durability = DurabilityPolicy.BATCH;
    private int payloadLengthMax = PAYLOAD_LENGTH_MAX_DEFAULT;
    private int pendingOpsMax = PENDING_OPS_MAX_DEFAULT;
    private long heartbeatIntervalNs = HEARTBEAT_INTERVAL_NS_DEFAULT;
    private long electionTimeoutNs = ELECTION_TIMEOUT_NS_DEFAULT;
    private EpochNanoClock clock = new OffsetEpochNanoClock();
    private ErrorHandler errorHandler = Throwable::printStackTrace;
    private boolean launchMediaDriver = true;
    private RollCycle journalRollCycle;
    private CountersManager countersManager;
    private boolean durableViewRecord = true;

    /**
     * Validates the settings and fills the Aeron directory default.
     *
     * @return this.
     */
    public ReplicaNodeContext conclude()
    {
        Objects.requireNonNull(replicationEndpoints, "replicationEndpoints must be set");
        Objects.requireNonNull(partitions, "partitions must be set");
        Objects.requireNonNull(dataDirectory, "dataDirectory must be set");
        Objects.requireNonNull(stateMachines, "stateMachines must be set");
        if (nodeIndex < 0 || nodeIndex >= replicationEndpoints.size())
        {
            throw new IllegalArgumentException("nodeIndex " + nodeIndex + " outside the " +
                replicationEndpoints.size() + " endpoints");
        }
        if (groupSize < 1 || groupSize % 2 == 0 || groupSize > replicationEndpoints.size())
        {
            throw new IllegalArgumentException("groupSize must be odd and at most the node count, was " + groupSize);
        }
        aeronDirectory = null == aeronDirectory ? dataDirectory.resolve("aeron") : aeronDirectory;
        return this;
    }

    /**
     * @param partitionId a partition.
     * @return this node's index in the partition's replica group, or -1 if it does not host the partition.
     */
    public int replicaIndexOf(final int partitionId)
    {
        final int nodes = replicationEndpoints.size();
        final int index = Math.floorMod(nodeIndex - partitionId, nodes);
        return index < groupSize ? index : -1;
    }

    /**
     * @param partitionId  a partition.
     * @param replicaIndex a member of its group.
     * @return the node hosting that member.
     */
    public int nodeOf(final int partitionId, final int replicaIndex)
    {
        return Math.floorMod(partitionId + replicaIndex, replicationEndpoints.size());
    }

    /** @param nodeIndex this node's index in the endpoints. @return this. */
    public ReplicaNodeContext nodeIndex(final int nodeIndex)
    {
        this.nodeIndex = nodeIndex;
        return this;
    }

    /** @return this node's index. */
    public int nodeIndex()
    {
        return nodeIndex;
    }

    /** @param endpoints every node's replication endpoint "host:port", by node index. @return this. */
    public ReplicaNodeContext replicationEndpoints(final List<String> endpoints)
    {
        this.replicationEndpoints = List.copyOf(endpoints);
        return this;
    }

    /** @return every node's replication endpoint. */
    public List<String> replicationEndpoints()
    {
        return replicationEndpoints;
    }

    /** @param partitions every partition of the cluster; the node hosts those whose group includes it. @return this. */
    public ReplicaNodeContext partitions(final List<Integer> partitions)
    {
        this.partitions = List.copyOf(partitions);
        return this;
    }

    /** @return every partition of the cluster. */
    public List<Integer> partitions()
    {
        return partitions;
    }

    /** @param groupSize replicas per partition, odd. @return this. */
    public ReplicaNodeContext groupSize(final int groupSize)
    {
        this.groupSize = groupSize;
        return this;
    }

    /** @return replicas per partition. */
    public int groupSize()
    {
        return groupSize;
    }

    /** @param streamId the replication stream id. @return this. */
    public ReplicaNodeContext streamId(final int streamId)
    {
        this.streamId = streamId;
        return this;
    }

    /** @return the replication stream id. */
    public int streamId()
    {
        return streamId;
    }

    /** @param dataDirectory the node's own directory: journals, snapshots, media driver. @return this. */
    public ReplicaNodeContext dataDirectory(final Path dataDirectory)
    {
        this.dataDirectory = dataDirectory;
        return this;
    }

    /** @return the node's own directory. */
    public Path dataDirectory()
    {
        return dataDirectory;
    }

    /** @param aeronDirectory the embedded media driver's directory; default dataDirectory/aeron. @return this. */
    public ReplicaNodeContext aeronDirectory(final Path aeronDirectory)
    {
        this.aeronDirectory = aeronDirectory;
        return this;
    }

    /** @return the media driver's directory. */
    public Path aeronDirectory()
    {
        return aeronDirectory;
    }

    /** @param stateMachines a new state machine for a partition id. @return this. */
    public ReplicaNodeContext stateMachines(final IntFunction<StateMachine> stateMachines)
    {
        this.stateMachines = stateMachines;
        return this;
    }

    /** @return the state machine factory. */
    public IntFunction<StateMachine> stateMachines()
    {
        return stateMachines;
    }

    /** @param projections the read models of a partition id. @return this. */
    public ReplicaNodeContext projections(final IntFunction<List<Projection>> projections)
    {
        this.projections = projections;
        return this;
    }

    /** @return the read model factory. */
    public IntFunction<List<Projection>> projections()
    {
        return projections;
    }

    /** @param responseSinks where a partition's responses go on this node. @return this. */
    public ReplicaNodeContext responseSinks(final IntFunction<ResponseSink> responseSinks)
    {
        this.responseSinks = responseSinks;
        return this;
    }

    /** @return the response sink factory. */
    public IntFunction<ResponseSink> responseSinks()
    {
        return responseSinks;
    }

    /** @param durability when journals force. @return this. */
    public ReplicaNodeContext durability(final DurabilityPolicy durability)
    {
        this.durability = durability;
        return this;
    }

    /** @return when journals force. */
    public DurabilityPolicy durability()
    {
        return durability;
    }

    /** @param payloadLengthMax largest client payload. @return this. */
    public ReplicaNodeContext payloadLengthMax(final int payloadLengthMax)
    {
        this.payloadLengthMax = payloadLengthMax;
        return this;
    }

    /** @return largest client payload. */
    public int payloadLengthMax()
    {
        return payloadLengthMax;
    }

    /** @param pendingOpsMax uncommitted ops a primary may have in flight. @return this. */
    public ReplicaNodeContext pendingOpsMax(final int pendingOpsMax)
    {
        this.pendingOpsMax = pendingOpsMax;
        return this;
    }

    /** @return uncommitted ops a primary may have in flight. */
    public int pendingOpsMax()
    {
        return pendingOpsMax;
    }

    /** @param heartbeatIntervalNs an idle primary's heartbeat interval. @return this. */
    public ReplicaNodeContext heartbeatIntervalNs(final long heartbeatIntervalNs)
    {
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        return this;
    }

    /** @return the heartbeat interval. */
    public long heartbeatIntervalNs()
    {
        return heartbeatIntervalNs;
    }

    /** @param electionTimeoutNs silence from the primary before a view change. @return this. */
    public ReplicaNodeContext electionTimeoutNs(final long electionTimeoutNs)
    {
        this.electionTimeoutNs = electionTimeoutNs;
        return this;
    }

    /** @return the election timeout. */
    public long electionTimeoutNs()
    {
        return electionTimeoutNs;
    }

    /** @param clock the node's clock: time stamps and protocol time. @return this. */
    public ReplicaNodeContext clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** @return the node's clock. */
    public EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @param launchMediaDriver false when the host already runs a media driver in {@link #aeronDirectory()}.
     * @return this.
     */
    public ReplicaNodeContext launchMediaDriver(final boolean launchMediaDriver)
    {
        this.launchMediaDriver = launchMediaDriver;
        return this;
    }

    /**
     * @param countersManager where the node's and its partitions' counters go (a memory-mapped counters file); default
     *                        a private in-memory buffer.
     * @return this.
     */
    public ReplicaNodeContext countersManager(final CountersManager countersManager)
    {
        this.countersManager = countersManager;
        return this;
    }

    /** @return the counters manager, or null for a private buffer. */
    public CountersManager countersManager()
    {
        return countersManager;
    }

    /**
     * @param durableViewRecord true (the default) to keep each replica's view record in a file next to its journal, so
     *                          a group whose replicas all restarted elects a primary again; false to rely on VR's
     *                          recovery alone, which needs f + 1 replicas of the group that never stopped.
     * @return this.
     */
    public ReplicaNodeContext durableViewRecord(final boolean durableViewRecord)
    {
        this.durableViewRecord = durableViewRecord;
        return this;
    }

    /** @return true if replicas keep a durable view record. */
    public boolean durableViewRecord()
    {
        return durableViewRecord;
    }

    /**
     * @param journalRollCycle how often each partition's journal starts a new file (null: daily). Retention after a
     *                         snapshot deletes whole files, so this is the window in which a lagging replica still
     *                         catches up from its peers' logs; one further behind is sent a snapshot.
     * @return this.
     */
    public ReplicaNodeContext journalRollCycle(final RollCycle journalRollCycle)
    {
        this.journalRollCycle = journalRollCycle;
        return this;
    }

    /** @return the journals' roll cycle, or null for the journal's default. */
    public RollCycle journalRollCycle()
    {
        return journalRollCycle;
    }

    /** @return true if the node embeds its own media driver. */
    public boolean launchMediaDriver()
    {
        return launchMediaDriver;
    }

    /** @param errorHandler receives every error once. @return this. */
    public ReplicaNodeContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /** @return the error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }
}
