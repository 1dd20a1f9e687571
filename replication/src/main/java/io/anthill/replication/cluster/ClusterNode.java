package io.anthill.replication.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.aeron.Aeron;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.ReplayDomain;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.node.Node;
import io.anthill.engine.node.NodeContext;
import io.anthill.replication.aeron.EmbeddedMediaDriver;
import io.anthill.replication.node.ReplicaNode;
import io.anthill.replication.node.ReplicaNodeContext;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.CountersManager;

/**
 * One host of a cluster described by a {@link ClusterFile}, as a process runs it: an embedded media driver, the
 * replicas of every partition whose group includes this host ({@link ReplicaNode}), the client-protocol edges of the
 * engine ({@link Node}: decoding, routing, typed refusals, reads), the client endpoint thread that carries them
 * over Aeron UDP, and the control plane's own thread on the same endpoint's {@link #CONTROL_STREAM_ID}.
 * <p>
 * The control thread sleeps {@link #CONTROL_IDLE_SLEEP_MS} when idle instead of backing off through spins and
 * yields: it serves at most a few requests a second for a person or a script, so a 10 ms wake-up delay is invisible,
 * while spinning would take CPU from the ring and the replication thread on a 2-core machine.
 */
public final class ClusterNode implements AutoCloseable
{
    /** Stream id of client requests, and of the answers on each client's response channel. */
    public static final int CLIENT_STREAM_ID = 1200;
    /** Longest the client endpoint parks when idle. */
    public static final long CLIENT_ENDPOINT_PARK_MAX_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /** Stream id of control requests on a host's client endpoint (answers go to each request's return address). */
    public static final int CONTROL_STREAM_ID = 1300;
    /** How long the control thread sleeps when idle. */
    public static final long CONTROL_IDLE_SLEEP_MS = 10;

    private final ClusterFile cluster;
    private final int hostIndex;
    private EmbeddedMediaDriver driver;
    private Aeron aeron;
    private ClientSessions sessions;
    private Node node;
    private ReplicaNode replicas;
    private AgentRunner endpointRunner;
    private AgentRunner controlRunner;
    private CountersFile countersFile;

    private ClusterNode(final ClusterFile cluster, final int hostIndex)
    {
        this.cluster = cluster;
        this.hostIndex = hostIndex;
    }

    /**
     * Starts the host.
     *
     * @param cluster      the cluster file.
     * @param hostIndex    which host, from 0 (host-1).
     * @param domain       the business domain every partition runs.
     * @param errorHandler receives every error once.
     * @return the running host.
     */
    public static ClusterNode launch(
        final ClusterFile cluster, final int hostIndex, final ReplayDomain domain, final ErrorHandler errorHandler)
    {
        final ClusterNode clusterNode = new ClusterNode(cluster, hostIndex);
        try
        {
            clusterNode.start(domain, errorHandler);
            return clusterNode;
        }
        catch (final RuntimeException ex)
        {
            clusterNode.close();
            throw ex;
        }
    }

    private void start(final ReplayDomain domain, final ErrorHandler errorHandler)
    {
        final ClusterFile.Host host = cluster.hosts().get(hostIndex);
        driver = EmbeddedMediaDriver.launch(host.data().resolve("aeron"), errorHandler);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())
            .errorHandler(errorHandler));
        final List<String> clientAddresses = cluster.hosts().stream().map(ClusterFile.Host::client).toList();
        final NodeContext nodeCtx = new NodeContext()
            .hostIndex(hostIndex + 1)
            .hostAddresses(clientAddresses)
            .partitionCount(cluster.partitions())
            .replicationFactor(cluster.replicationFactor())
            .adminCredential(cluster.adminCredential().getBytes(StandardCharsets.UTF_8))
            .partitionFactory(partitionId ->
            {
                throw new UnsupportedOperationException("partitions of a replicated cluster come from its cluster file");
            })
            .errorHandler(errorHandler);
        countersFile = CountersFile.create(host.data());
        final CountersManager counters = countersFile.newManager();
        sessions = new ClientSessions(aeron, counters.newCounter(host.name() + ": client answers dropped"));
        node = Node.launch(nodeCtx.countersManager(counters).frameSink(sessions));
        final Int2ObjectHashMap<ResponseSink> publishers = new Int2ObjectHashMap<>();
        replicas = ReplicaNode.launch(new ReplicaNodeContext()
            .nodeIndex(hostIndex)
            .replicationEndpoints(cluster.hosts().stream().map(ClusterFile.Host::replication).toList())
            .partitions(IntStream.range(0, cluster.partitions()).boxed().toList())
            .groupSize(cluster.replicationFactor())
            .dataDirectory(host.data())
            .aeronDirectory(host.data().resolve("aeron"))
            .launchMediaDriver(false)
            .heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(cluster.heartbeatMs()))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(cluster.electionTimeoutMs()))
            .journalRollCycle(cluster.journalRollCycle())
            .stateMachines(domain::newStateMachine)
            .projections(domain::newProjections)
            .responseSinks(partitionId ->
            {
                final ResponseSink publisher = node.newResponsePublisher(partitionId);
                publishers.put(partitionId, publisher);
                return publisher;
            })
            .countersManager(counters)
            .errorHandler(errorHandler));
        for (final int partitionId : hostedPartitions())
        {
            final ErrorCode refused = node.adoptPartition(partitionId, replicas.partition(partitionId),
                publishers.get(partitionId));
            if (null != refused)
            {
                throw new IllegalStateException("cannot route partition " + partitionId + ": " + refused);
            }
        }
        final ClientEndpointAgent endpoint = new ClientEndpointAgent(host.name(),
            aeron.addSubscription("aeron:udp?endpoint=" + host.client(), CLIENT_STREAM_ID), node.newIngressAdapter(),
            sessions, errorHandler);
        endpointRunner = new AgentRunner(new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
            CLIENT_ENDPOINT_PARK_MAX_NS), errorHandler, null, endpoint);
        AgentRunner.startOnThread(endpointRunner);
        final ReplicaNodeControl replicaControl = new ReplicaNodeControl(replicas, node, publishers::get);
        final ControlEndpointAgent control = new ControlEndpointAgent(host.name(), aeron,
            aeron.addSubscription("aeron:udp?endpoint=" + host.client(), CONTROL_STREAM_ID), SystemNanoClock.INSTANCE,
            counters.newCounter(host.name() + ": control answers dropped"), errorHandler,
            sink -> node.newControlPlaneAdapter(sink, replicaControl));
        controlRunner = new AgentRunner(new SleepingMillisIdleStrategy(CONTROL_IDLE_SLEEP_MS), errorHandler, null,
            control);
        AgentRunner.startOnThread(controlRunner);
    }

    /**
     * @return the partitions with a replica on this host.
     */
    public List<Integer> hostedPartitions()
    {
        final List<Integer> hosted = new ArrayList<>();
        for (int partitionId = 0; partitionId < cluster.partitions(); partitionId++)
        {
            if (replicas.hosts(partitionId))
            {
                hosted.add(partitionId);
            }
        }
        return hosted;
    }

    /**
     * @return the replicas of this host.
     */
    public ReplicaNode replicas()
    {
        return replicas;
    }

    /**
     * @return the host's name, host-N.
     */
    public String hostName()
    {
        return cluster.hosts().get(hostIndex).name();
    }

    /**
     * Stops taking control and client frames, then the replicas, the edges, Aeron and the media driver.
     */
    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(controlRunner, endpointRunner, replicas, node, sessions, aeron, driver, countersFile);
    }
}
