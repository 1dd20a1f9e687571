package io.anthill.perf.cluster;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.QuerySink;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.example.trading.TradingReplayDomain;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.perf.harness.CompletionHandler;
import io.anthill.perf.harness.OperationKind;
import io.anthill.perf.harness.OperationType;
import io.anthill.replication.node.EmbeddedCluster;
import io.anthill.replication.node.ReplicaNode;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.IntArrayQueue;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The embedded 3-replica trading cluster as a {@link LoadTarget}: two partitions, each a replica group over three
 * nodes in this process with their own media drivers and journals, replicating over UDP on 127.0.0.1 with QUORUM
 * acknowledgement. Writes go to each partition's primary; reads go round robin to every live replica's read models
 * (ANY consistency), which is what followers are for. Like a client, it follows a failover to the next replica and
 * resends a write that got no answer (same session and request id: applied at most once). Like the client library,
 * it keeps at most one write in flight per session ({@link #WRITE_SESSIONS} of them): with two in flight, a resend
 * of the older after the newer was applied would be refused as too old (the session table keeps the highest id and a
 * few answers), so the writes a failover delays would end in REQUEST_TOO_OLD instead of being applied.
 */
public final class TradingClusterTarget implements TradingCluster, MessageHandler
{
    private static final int SLOTS = 1 << 20;
    private static final long RETRY_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int RESEND_PER_POLL_MAX = 256;
    private static final int RESPONSES_BUFFER_BYTES = 1 << 23;
    private static final int RECORD_BYTES = 12;
    private static final long SETUP_SESSION = 1L << 40;
    /** Write sessions, one write in flight each: more than a failover's worth of writes at the seed rate. */
    static final int WRITE_SESSIONS = 2048;
    private static final long WRITE_SESSION_BASE = 1L << 20;

    private final EmbeddedCluster cluster;
    private final NanoClock clock;
    private final TradingWorkload trading = TradingWorkload.create(TradingWorkload.PARTITION_COUNT);
    private final ManyToOneRingBuffer answers = new ManyToOneRingBuffer(new UnsafeBuffer(
        ByteBuffer.allocateDirect(RESPONSES_BUFFER_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    private final OperationType[] types = new OperationType[SLOTS];
    private final int[] instruments = new int[SLOTS];
    private final ResendTable inFlight = new ResendTable(SLOTS, RETRY_TIMEOUT_NS);
    private final ResendTable.Resender resender = this::resend;
    private final IntArrayQueue freeWriteSessions = new IntArrayQueue(WRITE_SESSIONS, IntArrayQueue.DEFAULT_NULL_VALUE);
    private final int[] knownPrimary = new int[TradingWorkload.PARTITION_COUNT];
    private final FailoverClock failover = new FailoverClock();
    private int killedNode = -1;
    private int nextReader;
    private long resends;
    private CompletionHandler handler;

    /**
     * Starts the cluster and opens and funds the accounts (not measured).
     *
     * @param dataDir    where each node's directory goes.
     * @param durability the journals' durability.
     * @param clock      the generator's clock.
     */
    public TradingClusterTarget(final Path dataDir, final DurabilityPolicy durability, final NanoClock clock)
    {
        this.clock = clock;
        final TradingReplayDomain domain = new TradingReplayDomain(TradingWorkload.PARTITION_COUNT,
            TradingWorkload.INSTRUMENT_COUNT);
        this.cluster = EmbeddedCluster.start(3, ctx -> ctx
            .partitions(List.of(0, 1))
            .dataDirectory(dataDir.resolve("node-" + ctx.nodeIndex()))
            .durability(durability)
            .payloadLengthMax(256)
            .stateMachines(domain::newStateMachine)
            .projections(domain::newProjections)
            .responseSinks(partitionId -> new Answers()));
        for (int p = 0; p < knownPrimary.length; p++)
        {
            knownPrimary[p] = p % cluster.nodeCount();
        }
        for (int session = 0; session < WRITE_SESSIONS; session++)
        {
            freeWriteSessions.addInt(session);
        }
        trading.openAndFundAccounts(this::setupWrite);
    }

    private void setupWrite(final int partitionId, final long requestId, final int length)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!submitToPrimary(partitionId, SETUP_SESSION + partitionId, requestId, trading.encoder().buffer(), length))
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("partition " + partitionId + " elected no primary within 60 s");
            }
            Thread.yield();
        }
        final Partition primary = cluster.partition(partitionId, knownPrimary[partitionId]);
        primary.awaitApplied(primary.lastOpInRing(), TimeUnit.SECONDS.toMillis(60));
    }

    @Override
    public boolean send(
        final OperationType type, final long correlationId, final int sessionIndex, final int partitionIndex,
        final long intendedTimeNs)
    {
        final int slot = inFlight.slot(correlationId);
        final int instrument = TradingWorkload.instrumentOf(partitionIndex);
        final boolean write = type.kind() == OperationKind.WRITE;
        if (write && freeWriteSessions.isEmpty())
        {
            return false; // every write session has a write in flight: offered again later, the wait charged to latency
        }
        final int session = write ? freeWriteSessions.peekInt() : sessionIndex;
        if (!dispatch(type, correlationId, session, instrument))
        {
            return false;
        }
        if (write)
        {
            freeWriteSessions.pollInt();
        }
        types[slot] = type;
        instruments[slot] = instrument;
        inFlight.sent(correlationId, session, clock.nanoTime());
        return true;
    }

    private boolean dispatch(final OperationType type, final long correlationId, final int session, final int instrument)
    {
        final int length = trading.encode(type.name(), correlationId, instrument);
        final int partitionId = trading.partitionOfInstrument(instrument);
        if (type.kind() == OperationKind.WRITE)
        {
            return submitToPrimary(partitionId, WRITE_SESSION_BASE + session, correlationId, trading.encoder().buffer(),
                length);
        }
        final int readModel = TradingWorkload.readModelOf(type.name());
        for (int attempt = 0; attempt < cluster.nodeCount(); attempt++)
        {
            nextReader = (nextReader + 1) % cluster.nodeCount();
            final Partition replica = cluster.partition(partitionId, nextReader);
            if (null != replica && replica.query(readModel, Consistency.ANY, 0, session, correlationId,
                trading.encoder().buffer(), 0, length, reads) == SubmitResult.ACCEPTED)
            {
                return true;
            }
        }
        return false;
    }

    private boolean submitToPrimary(
        final int partitionId, final long session, final long requestId, final DirectBuffer payload, final int length)
    {
        for (int attempt = 0; attempt < cluster.nodeCount(); attempt++)
        {
            final Partition partition = cluster.partition(partitionId, knownPrimary[partitionId]);
            final SubmitResult result = null == partition ? SubmitResult.NOT_RUNNING :
                partition.submit(session, requestId, payload, 0, length);
            if (result == SubmitResult.ACCEPTED)
            {
                return true;
            }
            if (result == SubmitResult.OVERLOADED)
            {
                return false;
            }
            knownPrimary[partitionId] = (knownPrimary[partitionId] + 1) % cluster.nodeCount();
        }
        return false;
    }

    @Override
    public int poll(final CompletionHandler handler, final int responseCountMax)
    {
        this.handler = handler;
        return answers.read(this, responseCountMax) + resendTimedOut();
    }

    private int resendTimedOut()
    {
        final int resent = inFlight.resendTimedOut(clock.nanoTime(), RESEND_PER_POLL_MAX, resender);
        resends += resent;
        return resent;
    }

    private boolean resend(final long requestId, final int slot, final int session)
    {
        return dispatch(types[slot], requestId, session, instruments[slot]);
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long correlationId = buffer.getLong(index);
        if (!inFlight.isInFlight(correlationId))
        {
            return;
        }
        final int slot = inFlight.slot(correlationId);
        final int code = buffer.getInt(index + Long.BYTES);
        if (code == ErrorCode.UNKNOWN_PARTITION.value() &&
            dispatch(types[slot], correlationId, inFlight.session(correlationId), instruments[slot]))
        {
            // a read queued on a replica that closed under it: ask another replica, as a client would
            inFlight.resentAt(correlationId, clock.nanoTime());
            resends++;
            return;
        }
        inFlight.answered(correlationId);
        if (types[slot].kind() == OperationKind.WRITE)
        {
            freeWriteSessions.addInt(inFlight.session(correlationId));
        }
        final long nowNs = clock.nanoTime();
        if (code == 0)
        {
            if (types[slot].kind() == OperationKind.WRITE)
            {
                failover.onWriteAnswered(nowNs);
            }
            handler.onSuccess(correlationId, nowNs);
        }
        else
        {
            handler.onError(correlationId, ErrorCode.get(code), nowNs);
        }
    }

    @Override
    public String description()
    {
        return "the embedded cluster: 3 replicas in this process (own media driver and journal each, UDP on " +
            "127.0.0.1), " + TradingWorkload.PARTITION_COUNT + " partitions, QUORUM writes";
    }

    @Override
    public FailoverClock failover()
    {
        return failover;
    }

    @Override
    public String killPrimary(final int partitionId)
    {
        final int victim = knownPrimary[partitionId];
        failover.killed(clock.nanoTime());
        cluster.kill(victim);
        killedNode = victim;
        return "node " + victim;
    }

    @Override
    public void restartKilled()
    {
        cluster.restart(killedNode);
    }

    @Override
    public String stepDownPrimary(final int partitionId)
    {
        for (int i = 0; i < cluster.nodeCount(); i++)
        {
            final ReplicaNode node = cluster.node(i);
            if (null != node && node.isPrimary(partitionId))
            {
                failover.killed(clock.nanoTime());
                return "node " + i + ": " + node.stepDown(partitionId);
            }
        }
        return "no primary of partition " + partitionId + " to step down (a view change under way)";
    }

    @Override
    public void printCounts(final PrintStream out)
    {
        out.printf(Locale.ROOT, "requests resent by the client after 1 s without an answer: %,d%n", resends);
    }

    @Override
    public boolean compareReplicas(final PrintStream out)
    {
        final List<Integer> partitions = List.of(0, 1);
        for (final int partitionId : partitions)
        {
            final StringBuilder views = new StringBuilder("partition " + partitionId + " view per replica:");
            for (int i = 0; i < cluster.nodeCount(); i++)
            {
                final ReplicaNode node = cluster.node(i);
                views.append(' ').append(null == node ? "down" : Long.toString(node.view(partitionId)));
            }
            out.println(views);
        }
        final boolean converged = cluster.awaitConverged(partitions, TimeUnit.SECONDS.toMillis(30));
        final long[][] digests = cluster.closeAndDigest(partitions);
        boolean consistent = converged;
        for (int p = 0; p < digests.length; p++)
        {
            final StringBuilder line = new StringBuilder("partition " + partitions.get(p) + " state digest per replica:");
            for (final long digest : digests[p])
            {
                line.append(String.format(Locale.ROOT, " %016x", digest));
                consistent &= digest == digests[p][0];
            }
            out.println(line);
        }
        return consistent;
    }

    @Override
    public void close()
    {
        cluster.close();
    }

    private final QuerySink reads = new QuerySink()
    {
        private final Answers answersOfReads = new Answers();

        @Override
        public void onQueryResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer,
            final int offset, final int length)
        {
            answersOfReads.write(requestId, 0);
        }

        @Override
        public void onQueryRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            answersOfReads.write(requestId, code.value());
        }
    };

    /**
     * Each node's egress and read-model threads write their answers here; thread safe by the ring buffer.
     */
    private final class Answers implements ResponseSink
    {
        private final ThreadLocal<UnsafeBuffer> record =
            ThreadLocal.withInitial(() -> new UnsafeBuffer(new byte[RECORD_BYTES]));

        @Override
        public void onResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer,
            final int offset, final int length)
        {
            if (sessionId < SETUP_SESSION)
            {
                write(requestId, 0);
            }
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            if (sessionId < SETUP_SESSION)
            {
                write(requestId, code.value());
            }
        }

        void write(final long requestId, final int code)
        {
            final UnsafeBuffer buffer = record.get();
            buffer.putLong(0, requestId);
            buffer.putInt(Long.BYTES, code);
            while (!answers.write(1, buffer, 0, RECORD_BYTES))
            {
                Thread.yield();
            }
        }
    }
}
