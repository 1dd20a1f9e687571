package io.anthill.replication.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.aeron.Aeron;
import io.anthill.engine.CommitGate;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.Projection;
import io.anthill.journal.Journal;
import io.anthill.journal.eventlog.EventLog;
import io.anthill.replication.aeron.EmbeddedMediaDriver;
import io.anthill.replication.aeron.InvokerAgent;
import io.anthill.replication.aeron.ReplicaTransport;
import io.anthill.replication.core.Replica;
import io.anthill.replication.core.ReplicaContext;
import io.anthill.replication.core.StepDownResult;
import io.anthill.replication.core.ViewStore;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * One node of a replicated cluster: an embedded media driver, the replication transport, a replicated
 * {@link Partition} for every partition whose group includes this node, and the {@link ReplicationAgent} that runs
 * their protocol cores. A node whose partition directory already holds a journal rejoins through the recovery
 * protocol; a node starting a partition for the first time bootstraps it (see docs/replication.md).
 */
public final class ReplicaNode implements AutoCloseable
{
    private static final int COUNTERS_MAX = 256;
    private static final int COUNTER_LABEL_BYTES = 1024;
    private static final int FORWARDER_CAPACITY_BYTES = 1 << 22;
    private static final String BOOTSTRAPPED_MARKER = "bootstrapped";
    private static final long CONTROL_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final ReplicaNodeContext ctx;
    /** Written by control callers (serialised by this node's monitor), read by any thread. */
    private final List<PartitionReplica> replicas = new CopyOnWriteArrayList<>();
    private CountersManager counters;
    private EmbeddedMediaDriver driver;
    private Aeron aeron;
    private ReplicaTransport transport;
    private ReplicationAgent agent;
    private AgentRunner agentRunner;

    private ReplicaNode(final ReplicaNodeContext ctx)
    {
        this.ctx = ctx;
    }

    /**
     * Starts the node: partitions (recovered from their journals), media driver, transport, then the agent.
     *
     * @param ctx the node's settings; concluded here.
     * @return the running node.
     */
    public static ReplicaNode launch(final ReplicaNodeContext ctx)
    {
        ctx.conclude();
        final ReplicaNode node = new ReplicaNode(ctx);
        try
        {
            node.start();
            return node;
        }
        catch (final RuntimeException ex)
        {
            node.close();
            throw ex;
        }
    }

    private void start()
    {
        counters = null != ctx.countersManager() ? ctx.countersManager() : new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(COUNTERS_MAX * COUNTER_LABEL_BYTES)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(COUNTERS_MAX * CountersManager.COUNTER_LENGTH)));
        final AtomicCounter sendsDropped = counters.newCounter("node " + ctx.nodeIndex() + ": replication sends dropped");
        // partitions recover (replaying their journals) before Aeron starts: an invoked driver and client are serviced
        // only by the agent thread, which starts after them
        final List<Boolean> recovering = new ArrayList<>();
        for (final int partitionId : ctx.partitions())
        {
            final int replicaIndex = ctx.replicaIndexOf(partitionId);
            if (replicaIndex >= 0)
            {
                recovering.add(isBootstrapped(partitionId));
                replicas.add(launchPartition(partitionId, replicaIndex));
            }
        }
        if (ctx.launchMediaDriver())
        {
            // the node's own driver runs on the replication thread: see EmbeddedMediaDriver.launchInvoked
            driver = EmbeddedMediaDriver.launchInvoked(ctx.aeronDirectory(), ctx.errorHandler());
        }
        final Aeron.Context aeronCtx = new Aeron.Context().aeronDirectoryName(ctx.aeronDirectory().toString())
            .errorHandler(ctx.errorHandler());
        if (null != driver)
        {
            aeronCtx.driverAgentInvoker(driver.invoker()).useConductorAgentInvoker(true)
                .driverTimeoutMs(EmbeddedMediaDriver.INVOKED_TIMEOUT_MS);
        }
        aeron = Aeron.connect(aeronCtx);
        transport = new ReplicaTransport(aeron, ctx.nodeIndex(), ctx.replicationEndpoints(), ctx.streamId(), sendsDropped);
        final boolean[] recoveringFlags = new boolean[recovering.size()];
        for (int i = 0; i < recoveringFlags.length; i++)
        {
            recoveringFlags[i] = recovering.get(i);
        }
        final Agent io = null == driver ? null : new CompositeAgent(
            new InvokerAgent(aeron.conductorAgentInvoker(), "aeron-client"),
            new InvokerAgent(driver.invoker(), "media-driver"));
        agent = new ReplicationAgent(ctx.nodeIndex(), transport, io, ctx.clock(), replicas, recoveringFlags);
        agentRunner = new AgentRunner(new BackoffIdleStrategy(ReplicaNodeContext.AGENT_IDLE_SPINS,
            ReplicaNodeContext.AGENT_IDLE_YIELDS, TimeUnit.MICROSECONDS.toNanos(1),
            ReplicaNodeContext.AGENT_PARK_MAX_NS), ctx.errorHandler(), null, agent);
        AgentRunner.startOnThread(agentRunner);
    }

    /**
     * @return true if the partition rejoins through recovery, false if it bootstraps.
     */
    private boolean isBootstrapped(final int partitionId)
    {
        return Files.exists(ctx.dataDirectory().resolve("partition-" + partitionId).resolve(BOOTSTRAPPED_MARKER));
    }

    private PartitionReplica launchPartition(final int partitionId, final int replicaIndex)
    {
        final Path dir = ctx.dataDirectory().resolve("partition-" + partitionId);
        final boolean recovering = isBootstrapped(partitionId);
        final CommitGate gate = CommitGate.replicated();
        final ReplicaContext replicaCtx = new ReplicaContext()
            .partitionId(partitionId)
            .replicaIndex(replicaIndex)
            .replicaCount(ctx.groupSize())
            .heartbeatIntervalNs(ctx.heartbeatIntervalNs())
            .electionTimeoutNs(ctx.electionTimeoutNs())
            .pendingOpsMax(ctx.pendingOpsMax())
            .batchEntriesMax(2 * ctx.pendingOpsMax())
            .bodyBytesMax(PartitionContext.journalBodyLengthMax(ctx.payloadLengthMax()))
            .conclude();
        final ReplicationForwarder forwarder = new ReplicationForwarder(FORWARDER_CAPACITY_BYTES,
            replicaCtx.bodyBytesMax());
        final PartitionContext partitionCtx = new PartitionContext()
            .partitionId(partitionId)
            .replicated(true)
            .commitGate(gate)
            .replicationHandler(forwarder)
            .stateMachine(ctx.stateMachines().apply(partitionId))
            .responseSink(ctx.responseSinks().apply(partitionId))
            .journalDirectory(dir.resolve("journal"))
            .snapshotDirectory(dir.resolve("snapshots"))
            .durability(ctx.durability())
            .journalRollCycle(ctx.journalRollCycle())
            .payloadLengthMax(ctx.payloadLengthMax())
            .countersManager(counters)
            .clock(ctx.clock())
            .errorHandler(ctx.errorHandler());
        for (final Projection projection : ctx.projections().apply(partitionId))
        {
            partitionCtx.addProjection(projection);
        }
        final Partition partition = Partition.launch(partitionCtx);
        final JournalReplicaLog log = new JournalReplicaLog(partition.replicatedJournal(), ctx.durability(),
            ctx.errorHandler());
        final PartitionReplica partitionReplica = new PartitionReplica(partition, gate, log, forwarder,
            replicaCtx.bodyBytesMax(), counters);
        final ViewStore viewStore = openViewStore(dir, partition, partitionReplica, recovering);
        partitionReplica.replica(new Replica(replicaCtx,
            (replica, buffer, offset, length) -> transport.send(ctx.nodeOf(partitionId, replica), buffer, offset, length),
            log, partitionReplica, viewStore,
            new PartitionSnapshots(partitionId, partition.snapshotStore(), partitionReplica::onSnapshotStored)));
        final String prefix = "node " + ctx.nodeIndex() + " partition " + partitionId + ": ";
        partitionReplica.counters(counters.newCounter(prefix + "replica view"),
            counters.newCounter(prefix + "replica role (0 follower, 1 primary, 2+ not normal)"),
            counters.newCounter(prefix + "replica commit op"));
        final AtomicCounter[] lags = new AtomicCounter[ctx.groupSize()];
        for (int rank = 0; rank < lags.length; rank++)
        {
            if (rank != replicaIndex)
            {
                lags[rank] = counters.newCounter(prefix + "replication lag of replica " + rank + " (ops, on the primary)");
            }
        }
        partitionReplica.lagCounters(lags);
        EventLog.info("partition_start", "node", ctx.nodeIndex(), "partition", partitionId, "replica", replicaIndex,
            "mode", recovering ? "recover" : "bootstrap", "journal_last_op", partition.replicatedJournal().lastOp(),
            "view_record", viewStore == ViewStore.VOLATILE ? "none" : viewStore,
            "log_lost_durable_entries", partitionReplica.logLostDurableEntries());
        markBootstrapped(dir);
        return partitionReplica;
    }

    /**
     * Starts a replica of a partition on the running node (the control plane's add-partition): its ring, journal and
     * protocol core, handed to the replication thread, which bootstraps it (a new directory) or recovers it from its
     * journal and peers. Every node of the partition's group must add it for the group to elect a primary.
     *
     * @param partitionId a partition whose replica group includes this node.
     * @return true when started, false when this node already hosts it.
     * @throws IllegalArgumentException when this node is not in the partition's group (see the cluster placement).
     */
    public synchronized boolean addPartition(final int partitionId)
    {
        if (null != find(partitionId))
        {
            return false;
        }
        final int replicaIndex = ctx.replicaIndexOf(partitionId);
        if (replicaIndex < 0)
        {
            throw new IllegalArgumentException("node " + ctx.nodeIndex() + " is not in the group of partition " +
                partitionId);
        }
        final boolean recovering = isBootstrapped(partitionId);
        final PartitionReplica replica = launchPartition(partitionId, replicaIndex);
        if (!runOnAgent(() -> agent.adopt(replica, recovering), "add partition " + partitionId))
        {
            replica.close();
            throw new IllegalStateException("node " + ctx.nodeIndex() + ": control queue full, partition " +
                partitionId + " not added; retry");
        }
        replicas.add(replica);
        return true;
    }

    /**
     * Stops this node's replica of a partition (the control plane's remove-partition): the replication thread drops
     * it, then its ring and journal close. Its directory stays on disk: adding the partition again recovers from it.
     *
     * @param partitionId a partition.
     * @return true when removed, false when this node does not host it.
     */
    public synchronized boolean removePartition(final int partitionId)
    {
        final PartitionReplica replica = find(partitionId);
        if (null == replica)
        {
            return false;
        }
        if (!runOnAgent(() -> agent.release(replica), "remove partition " + partitionId))
        {
            throw new IllegalStateException("node " + ctx.nodeIndex() + ": control queue full, partition " +
                partitionId + " not removed; retry");
        }
        replicas.remove(replica);
        replica.close();
        EventLog.info("partition_stop", "node", ctx.nodeIndex(), "partition", partitionId);
        return true;
    }

    /**
     * Runs a control request on the replication thread and waits, with a deadline, until it ran.
     *
     * @return false when the control queue stayed full (the request will not run).
     * @throws IllegalStateException when the request was queued but did not run in time (it may still run).
     */
    private boolean runOnAgent(final Runnable request, final String what)
    {
        final long deadlineNs = System.nanoTime() + CONTROL_TIMEOUT_NS;
        final AtomicBoolean done = new AtomicBoolean();
        while (!agent.offerControl(() ->
        {
            request.run();
            done.set(true);
        }))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return false;
            }
            Thread.yield();
        }
        while (!done.get())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("node " + ctx.nodeIndex() + ": " + what +
                    " not done by the replication thread in time");
            }
            Thread.yield();
        }
        return true;
    }

    /**
     * The durable view record (docs/replication.md, "Whole-group restart"): written fresh when the partition
     * bootstraps, before its bootstrapped marker; read back when it recovers. A recovering replica without one (the
     * option is off, or it ran before records existed) rejoins through VR's recovery alone.
     */
    private ViewStore openViewStore(
        final Path dir, final Partition partition, final PartitionReplica partitionReplica, final boolean recovering)
    {
        if (!ctx.durableViewRecord())
        {
            return ViewStore.VOLATILE;
        }
        final Journal journal = partition.replicatedJournal();
        final FileViewStore store;
        try
        {
            store = recovering ? FileViewStore.open(dir, partition.partitionId(), journal) :
                FileViewStore.create(dir, partition.partitionId(), journal);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(partition);
            throw ex;
        }
        if (null == store)
        {
            EventLog.warn("view_record_absent", "node", ctx.nodeIndex(), "partition", partition.partitionId(),
                "effect", "recovers_through_peers_only");
            return ViewStore.VOLATILE;
        }
        if (store.tornSlots() > 0)
        {
            EventLog.warn("view_record_slot_torn", "node", ctx.nodeIndex(), "partition", partition.partitionId(),
                "file", store.file(), "effect", "ignored_older_slot_used");
        }
        // the record's commit op was durable in the journal when written: a journal that opens shorter lost entries
        // this replica may have acknowledged, so it must not vote until it recovered from its peers
        partitionReplica.viewStore(store, journal.lastOp() < store.commitOp());
        return store;
    }

    private static void markBootstrapped(final Path dir)
    {
        try
        {
            Files.createDirectories(dir);
            final Path marker = dir.resolve(BOOTSTRAPPED_MARKER);
            if (!Files.exists(marker))
            {
                Files.createFile(marker);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + dir.resolve(BOOTSTRAPPED_MARKER), ex);
        }
    }

    /**
     * @param partitionId a partition this node hosts.
     * @return its partition (submit commands on the primary; read models everywhere).
     */
    public Partition partition(final int partitionId)
    {
        return hosted(partitionId).partition();
    }

    /**
     * @param partitionId a partition.
     * @return true if this node hosts a replica of it.
     */
    public boolean hosts(final int partitionId)
    {
        return null != find(partitionId);
    }

    /**
     * @param partitionId a partition this node hosts.
     * @return the view its replica is in: how many times its group has changed primary since it started at view 0.
     */
    public long view(final int partitionId)
    {
        return hosted(partitionId).replica().view();
    }

    /**
     * Asks this node's replica of a partition, if it is the primary, to hand the role over to the next replica
     * ((view + 1) mod n) without failing a client request: it stops taking commands (they are refused with
     * NOT_PRIMARY, which clients follow and retry), lets what it already prepared commit, then starts the view
     * change. Returns at once; the hand-over runs on the replication thread and takes a few round trips.
     *
     * @param partitionId a partition.
     * @return {@link StepDownResult#STARTED} when this node is the partition's primary and the request was handed to
     *         its replication thread; otherwise why not: {@link StepDownResult#NOT_HOSTED},
     *         {@link StepDownResult#NOT_PRIMARY}, {@link StepDownResult#NOT_NORMAL} (a view change is under way),
     *         {@link StepDownResult#IN_PROGRESS}, {@link StepDownResult#BUSY} (control queue full).
     */
    public StepDownResult stepDown(final int partitionId)
    {
        final PartitionReplica replica = find(partitionId);
        if (null == replica)
        {
            return StepDownResult.NOT_HOSTED;
        }
        final StepDownResult answer = replica.stepDownAnswer();
        if (answer != StepDownResult.STARTED)
        {
            return answer;
        }
        return agent.offerControl(() -> agent.stepDown(replica)) ? StepDownResult.STARTED : StepDownResult.BUSY;
    }

    /**
     * @param partitionId a partition.
     * @return true if this node hosts it and its replica is the NORMAL primary taking commands (not stepping down),
     *         as of the replication thread's last duty cycle.
     */
    public boolean isPrimary(final int partitionId)
    {
        final PartitionReplica replica = find(partitionId);
        return null != replica && replica.stepDownAnswer() == StepDownResult.STARTED;
    }

    private PartitionReplica hosted(final int partitionId)
    {
        final PartitionReplica replica = find(partitionId);
        if (null == replica)
        {
            throw new IllegalArgumentException("node " + ctx.nodeIndex() + " does not host partition " + partitionId);
        }
        return replica;
    }

    private PartitionReplica find(final int partitionId)
    {
        for (final PartitionReplica replica : replicas)
        {
            if (replica.partition().partitionId() == partitionId)
            {
                return replica;
            }
        }
        return null;
    }

    List<PartitionReplica> replicas()
    {
        return replicas;
    }

    /**
     * @return the node's index.
     */
    public int nodeIndex()
    {
        return ctx.nodeIndex();
    }

    /**
     * Any thread (tools, the control plane): read from what the replication thread publishes each duty cycle.
     *
     * @param partitionId a partition this node hosts.
     * @return its replica's status: 0 normal follower, 1 normal primary, 2 view change, 3 recovering; -1 before the
     * replication thread's first duty cycle.
     */
    public long publishedStatus(final int partitionId)
    {
        return hosted(partitionId).publishedStatusCode();
    }

    /**
     * Any thread: read from what the replication thread publishes each duty cycle.
     *
     * @param partitionId a partition this node hosts.
     * @return the view its replica is in.
     */
    public long publishedView(final int partitionId)
    {
        return hosted(partitionId).publishedView();
    }

    /**
     * Any thread: read from what the replication thread publishes each duty cycle.
     *
     * @param partitionId a partition this node hosts.
     * @return the last op its replica knows committed.
     */
    public long publishedCommitOp(final int partitionId)
    {
        return hosted(partitionId).publishedCommitOp();
    }

    /**
     * Any thread: read from what the replication thread publishes each duty cycle.
     *
     * @param partitionId a partition this node hosts.
     * @return the last op durable in its replica's journal.
     */
    public long publishedDurableOp(final int partitionId)
    {
        return hosted(partitionId).publishedDurableOp();
    }

    /**
     * Stops the agent first (no more protocol work), then the partitions, the transport, Aeron and the driver.
     */
    @Override
    public void close()
    {
        CloseHelper.quietClose(agentRunner);
        for (final PartitionReplica replica : replicas)
        {
            CloseHelper.quietCloseAll(replica.partition(), replica.viewStore());
        }
        CloseHelper.quietCloseAll(transport, aeron, driver);
    }
}
