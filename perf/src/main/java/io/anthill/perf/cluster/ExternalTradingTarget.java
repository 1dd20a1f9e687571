package io.anthill.perf.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.perf.harness.CompletionHandler;
import io.anthill.perf.harness.OperationKind;
import io.anthill.perf.harness.OperationType;
import io.anthill.replication.client.AnthillClient;
import io.anthill.replication.client.AnthillClientContext;
import io.anthill.replication.client.ResponseListener;
import io.anthill.replication.cluster.ClusterFile;
import io.anthill.replication.cluster.ClusterFileException;
import io.anthill.replication.cluster.CtlMain;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * An already-running cluster, named by its cluster file ({@code scripts/perf SCENARIO --cluster FILE}), as a
 * {@link TradingCluster}: the same trading mix as the embedded cluster, sent through the real client library
 * ({@link AnthillClient}), so what is measured includes the client protocol over Aeron UDP, the client's routing
 * and its retries, as an application would see them.
 * <p>
 * Writes go to each partition's primary; reads go to the primary too, answered by its read models with
 * {@link Consistency#ANY} (decision): a read pinned to a follower ({@link AnthillClient#queryReplica}) is never
 * redirected, so a killed follower would turn its reads into time-outs, while a routed read follows a failover like a
 * write. With the cluster file's partitions spread over the hosts, the primaries, and so the reads, are spread too.
 * The workload's session index is not used: the client has {@link #CLIENT_SESSIONS} sessions of its own, each with
 * one request in flight, and refuses more ({@code send} then returns false, the generator offers it again, and the
 * wait is charged to the request's latency).
 * <p>
 * Single-threaded like the client, on the generator's thread; only {@link #killPrimary} and {@link #restartKilled}
 * run on the scenario's chaos thread, and they touch the client's learnt primaries through an atomic copy.
 */
final class ExternalTradingTarget implements TradingCluster, ResponseListener
{
    /** Client sessions, so requests in flight at most: enough for a failover's backlog at the seed rates. */
    static final int CLIENT_SESSIONS = 1024;
    private static final int SLOTS = 1 << 20;
    private static final long SETUP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long STEP_DOWN_TIMEOUT_MS = 15_000;

    private final Path clusterFilePath;
    private final ClusterFile cluster;
    private final AnthillClient client;
    private final TradingWorkload trading;
    private final HostProcesses hostProcesses;
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final long[] correlationIds = new long[SLOTS];
    private final boolean[] writes = new boolean[SLOTS];
    private final long[] lastWritePositions;
    private final AtomicIntegerArray primaryHosts;
    private final FailoverClock failover = new FailoverClock();
    private final SetupListener setup = new SetupListener();
    private CompletionHandler handler;
    private boolean closing;

    private ExternalTradingTarget(
        final Path clusterFilePath, final ClusterFile cluster, final AnthillClient client, final HostProcesses hostProcesses)
    {
        this.clusterFilePath = clusterFilePath;
        this.cluster = cluster;
        this.client = client;
        this.hostProcesses = hostProcesses;
        this.trading = TradingWorkload.create(cluster.partitions());
        this.lastWritePositions = new long[cluster.partitions()];
        this.primaryHosts = new AtomicIntegerArray(cluster.partitions());
        for (int p = 0; p < cluster.partitions(); p++)
        {
            primaryHosts.set(p, client.primaryHostOf(p));
        }
    }

    /**
     * Loads the cluster file, connects a client and opens and funds the accounts (not measured).
     *
     * @param clusterFile the cluster file.
     * @param killable    whether the scenario will kill and restart a primary: then every host must run on this
     *                    machine, see {@link HostProcesses#check}.
     * @param out         where to print progress.
     * @return the target.
     * @throws IllegalArgumentException if the file cannot be read or is invalid, or the cluster cannot be killed.
     */
    static ExternalTradingTarget connect(final Path clusterFile, final boolean killable, final PrintStream out)
    {
        final ClusterFile cluster = load(clusterFile);
        final HostProcesses hostProcesses = killable ? HostProcesses.check(clusterFile, cluster) : null;
        out.printf(Locale.ROOT, "connecting to the cluster of %s: %d hosts, %d partitions, replication factor %d%n",
            clusterFile, cluster.hosts().size(), cluster.partitions(), cluster.replicationFactor());
        final AnthillClient client = AnthillClient.connect(new AnthillClientContext().clusterFile(cluster)
            .sessionCount(CLIENT_SESSIONS));
        final ExternalTradingTarget target = new ExternalTradingTarget(clusterFile, cluster, client, hostProcesses);
        try
        {
            target.trading.openAndFundAccounts(target::setupWrite);
            return target;
        }
        catch (final RuntimeException ex)
        {
            target.close();
            throw ex;
        }
    }

    /**
     * @param clusterFile a cluster file.
     * @return it, loaded and validated.
     * @throws IllegalArgumentException naming the file and the problem.
     */
    static ClusterFile load(final Path clusterFile)
    {
        try
        {
            return ClusterFile.load(clusterFile);
        }
        catch (final IOException | ClusterFileException ex)
        {
            throw new IllegalArgumentException("cannot use cluster file " + clusterFile + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * A set-up write that fails (a cluster still electing its primaries answers TIMEOUT) is sent again under a new id
     * until {@link #SETUP_TIMEOUT_NS}: opening an account twice is refused by the domain, and funding twice only
     * adds to opening balances that are far larger than any run needs.
     */
    private void setupWrite(final int partitionId, final long ignoredRequestId, final int length)
    {
        final long deadlineNs = System.nanoTime() + SETUP_TIMEOUT_NS;
        long requestId = submitSetup(partitionId, length);
        while (setup.answered != requestId)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("set-up write to partition " + partitionId + " of " + clusterFilePath +
                    " not acknowledged in 60 s (last failure " + setup.failure + "); is the cluster running " +
                    "(scripts/cluster --config " + clusterFilePath + " status)?");
            }
            if (setup.failed == requestId)
            {
                requestId = submitSetup(partitionId, length);
            }
            if (client.poll(setup) == 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    private long submitSetup(final int partitionId, final int length)
    {
        final long requestId = client.submit(partitionId, trading.encoder().buffer(), 0, length);
        if (requestId < 0)
        {
            throw new IllegalStateException("the client refused a set-up write: " + requestId);
        }
        return requestId;
    }

    @Override
    public boolean send(
        final OperationType type, final long correlationId, final int sessionIndex, final int partitionIndex,
        final long intendedTimeNs)
    {
        final int instrument = TradingWorkload.instrumentOf(partitionIndex);
        final int length = trading.encode(type.name(), correlationId, instrument);
        final int partitionId = trading.partitionOfInstrument(instrument);
        final boolean write = type.kind() == OperationKind.WRITE;
        final DirectBuffer payload = trading.encoder().buffer();
        final long requestId = write ? client.submit(partitionId, payload, 0, length) :
            client.query(partitionId, TradingWorkload.readModelOf(type.name()), Consistency.ANY, 0, payload, 0, length);
        if (requestId == AnthillClient.TOO_MANY_IN_FLIGHT)
        {
            return false;
        }
        if (requestId < 0)
        {
            throw new IllegalStateException("the client refused a " + type.name() + " to partition " + partitionId + ": " +
                requestId);
        }
        final int slot = (int)(requestId & (SLOTS - 1));
        correlationIds[slot] = correlationId;
        writes[slot] = write;
        return true;
    }

    @Override
    public int poll(final CompletionHandler handler, final int responseCountMax)
    {
        // the client reports at most one poll's fragments (64) per call, well under the generator's limit
        this.handler = handler;
        return client.poll(this);
    }

    @Override
    public void onCommandResponse(
        final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (closing)
        {
            return;
        }
        final long nowNs = clock.nanoTime();
        lastWritePositions[partitionId] = Math.max(lastWritePositions[partitionId], position);
        final int primary = client.primaryHostOf(partitionId);
        if (primaryHosts.get(partitionId) != primary)
        {
            primaryHosts.set(partitionId, primary);
        }
        failover.onWriteAnswered(nowNs);
        handler.onSuccess(correlationIds[(int)(requestId & (SLOTS - 1))], nowNs);
    }

    @Override
    public void onQueryResponse(
        final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (!closing)
        {
            handler.onSuccess(correlationIds[(int)(requestId & (SLOTS - 1))], clock.nanoTime());
        }
    }

    @Override
    public void onFailure(final long requestId, final int partitionId, final ErrorCode code)
    {
        if (!closing)
        {
            handler.onError(correlationIds[(int)(requestId & (SLOTS - 1))], code, clock.nanoTime());
        }
    }

    @Override
    public String description()
    {
        return String.format(Locale.ROOT, "the external cluster of %s through the client library (%d hosts, %d " +
            "partitions, replication factor %d, %d client sessions)", clusterFilePath, cluster.hosts().size(),
            cluster.partitions(), cluster.replicationFactor(), CLIENT_SESSIONS);
    }

    @Override
    public FailoverClock failover()
    {
        return failover;
    }

    @Override
    public String killPrimary(final int partitionId)
    {
        final int host = primaryHosts.get(partitionId);
        failover.killed(clock.nanoTime());
        return hostProcesses.kill(host);
    }

    @Override
    public void restartKilled()
    {
        hostProcesses.restartDownHosts();
    }

    @Override
    public String stepDownPrimary(final int partitionId)
    {
        final ByteArrayOutputStream said = new ByteArrayOutputStream();
        failover.killed(clock.nanoTime());
        try (PrintStream print = new PrintStream(said, true, StandardCharsets.UTF_8))
        {
            // a longer wait than ctl's default 3 s: the hand-over happens under load on a possibly busy machine
            final int status = CtlMain.run(new String[]{"--cluster", clusterFilePath.toString(), "--timeout-ms",
                Long.toString(STEP_DOWN_TIMEOUT_MS), "step-down", Integer.toString(partitionId)}, print, print);
            return "scripts/ctl step-down " + partitionId + " (exit " + status + "): " +
                said.toString(StandardCharsets.UTF_8).strip();
        }
    }

    @Override
    public void printCounts(final PrintStream out)
    {
        out.println("client retries are the client library's own (docs/client.md); it counts none for the report");
    }

    @Override
    public boolean compareReplicas(final PrintStream out)
    {
        return new ReplicaReadCheck(client, trading, cluster.replicationFactor()).compare(lastWritePositions, out);
    }

    @Override
    public void close()
    {
        // the client ends what is still in flight as TIMEOUT failures: the run is over, so they are not reported
        closing = true;
        client.close();
    }

    /**
     * Waits for set-up writes one at a time, noting their positions for the replica comparison.
     */
    private final class SetupListener implements ResponseListener
    {
        private long answered;
        private long failed;
        private ErrorCode failure;

        @Override
        public void onCommandResponse(
            final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            lastWritePositions[partitionId] = Math.max(lastWritePositions[partitionId], position);
            answered = requestId;
        }

        @Override
        public void onQueryResponse(
            final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            answered = requestId;
        }

        @Override
        public void onFailure(final long requestId, final int partitionId, final ErrorCode code)
        {
            failed = requestId;
            failure = code;
        }
    }
}
