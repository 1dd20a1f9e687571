package io.anthill.replication.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.replication.aeron.EmbeddedMediaDriver;
import io.anthill.replication.cluster.ClusterNode;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * A client of a replicated Anthill cluster. It finds each partition's primary, follows redirects and view changes,
 * and retries a request with the same session and request id (the partition's session table makes a retry apply
 * once), so a failover costs time, never a write. Every request it accepts ends in exactly one call of the
 * {@link ResponseListener}: an answer, or a typed failure ({@link ErrorCode#TIMEOUT} after the request timeout).
 * <p>
 * Single-threaded and caller-driven, like an Aeron agent: the caller's thread calls {@link #submit}, {@link #query}
 * and {@link #poll}; nothing runs behind its back. Requests go into pre-allocated slots that keep a copy of the
 * payload for retries, so the request path allocates nothing.
 * <p>
 * Concurrency: the client opens {@link AnthillClientContext#sessionCount()} sessions and keeps at most one request in
 * flight per session. One per session, not the server's dedup memory of four, because a session's request ids must
 * reach the partition in order: with several in flight, a retry overtaken by a later id would be refused as too old.
 * Throughput comes from more sessions instead.
 */
public final class AnthillClient implements AutoCloseable, ClientResponseAdapter.Handler
{
    /** {@link #submit}/{@link #query} refusal: every session has a request in flight; poll, then try again. */
    public static final long TOO_MANY_IN_FLIGHT = -1;
    /** Refusal: the payload is longer than {@link AnthillClientContext#payloadLengthMax()}. */
    public static final long PAYLOAD_TOO_LARGE = -2;
    /** Refusal: no such partition in the cluster. */
    public static final long UNKNOWN_PARTITION = -3;
    /** Refusal: the client is closed. */
    public static final long CLOSED = -4;

    private static final int FRAGMENT_LIMIT = 64;
    private static final long SEND_RETRY_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AnthillClientContext ctx;
    private final long retryIntervalNs;
    private final long timeoutNs;
    private final long backOffNs;
    private final GroupRouting routing;
    private final RequestSlot[] slots;
    private final int[] freeSlots;
    private final boolean[] connected;
    private final int sessionCount;
    private Path driverDirectory;
    private EmbeddedMediaDriver driver;
    private Aeron aeron;
    private Subscription responses;
    private FragmentAssembler assembler;
    private ClientRequestPublisher publisher;
    private ResponseListener listener;
    private int freeCount;
    private long nextRequestId;
    private long nowNs;
    private boolean closed;

    private AnthillClient(final AnthillClientContext ctx)
    {
        this.ctx = ctx;
        this.retryIntervalNs = TimeUnit.MILLISECONDS.toNanos(ctx.retryIntervalMs());
        this.timeoutNs = TimeUnit.MILLISECONDS.toNanos(ctx.requestTimeoutMs());
        this.backOffNs = TimeUnit.MILLISECONDS.toNanos(ctx.backOffMs());
        this.routing = new GroupRouting(ctx.clientEndpoints(), ctx.partitionCount(), ctx.replicationFactor());
        this.sessionCount = ctx.sessionCount();
        this.slots = new RequestSlot[sessionCount];
        this.freeSlots = new int[sessionCount];
        for (int i = 0; i < sessionCount; i++)
        {
            slots[i] = new RequestSlot(i, ctx.sessionId() + i, ctx.payloadLengthMax());
            freeSlots[i] = sessionCount - 1 - i;
        }
        this.freeCount = sessionCount;
        this.connected = new boolean[ctx.clientEndpoints().size() * sessionCount];
        this.nextRequestId = 1;
    }

    /**
     * Starts a client: its media driver (unless the context names one), its response endpoint and a publication to
     * every host. Sessions connect to a host lazily, before their first request to it.
     *
     * @param ctx the settings; concluded here.
     * @return the client.
     */
    public static AnthillClient connect(final AnthillClientContext ctx)
    {
        ctx.conclude();
        final AnthillClient client = new AnthillClient(ctx);
        try
        {
            client.start();
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    private void start()
    {
        String aeronDirectory = ctx.aeronDirectoryName();
        if (null == aeronDirectory)
        {
            driverDirectory = null != ctx.embeddedDriverDirectory() ? ctx.embeddedDriverDirectory() : tempDirectory();
            driver = EmbeddedMediaDriver.launch(driverDirectory, ctx.errorHandler());
            aeronDirectory = driver.aeronDirectoryName();
        }
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory).errorHandler(ctx.errorHandler()));
        responses = aeron.addSubscription(
            "aeron:udp?endpoint=" + ctx.responseHost() + ":" + ctx.responsePort(), ClusterNode.CLIENT_STREAM_ID);
        final String responseChannel = awaitResolvedChannel();
        assembler = new FragmentAssembler(new ClientResponseAdapter(this));
        publisher = new ClientRequestPublisher(aeron, ctx.clientEndpoints(), responseChannel, ctx.credential(),
            ctx.payloadLengthMax());
    }

    private String awaitResolvedChannel()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ctx.startTimeoutMs());
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1));
        String channel;
        while (null == (channel = responses.tryResolveChannelEndpointPort()))
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("response endpoint on " + ctx.responseHost() + " not bound after " +
                    ctx.startTimeoutMs() + " ms");
            }
            idle.idle();
        }
        return channel;
    }

    private static Path tempDirectory()
    {
        try
        {
            return Files.createTempDirectory("anthill-client-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the client's media driver directory", ex);
        }
    }

    /**
     * Sends a write to a partition's primary.
     *
     * @param partitionId the partition.
     * @param payload     the command; copied before this returns.
     * @param offset      where it starts.
     * @param length      its length.
     * @return the request id (positive), whose outcome the listener will get once, or a negative refusal:
     * {@link #TOO_MANY_IN_FLIGHT}, {@link #PAYLOAD_TOO_LARGE}, {@link #UNKNOWN_PARTITION} or {@link #CLOSED}.
     */
    public long submit(final int partitionId, final DirectBuffer payload, final int offset, final int length)
    {
        final RequestSlot slot = claim(partitionId, payload, offset, length);
        if (null == slot)
        {
            return refusal(partitionId, length);
        }
        slot.query = false;
        return start(slot, routing.primaryHost(partitionId));
    }

    /**
     * Sends a read to a partition's primary, answered by one of its read models.
     *
     * @param partitionId the partition.
     * @param readModel   the read model's index, in the order the partition declares them.
     * @param consistency how fresh the answer must be.
     * @param minPosition for {@link Consistency#AT_LEAST}: the op the read model must have applied.
     * @param query       the query; copied before this returns.
     * @param offset      where it starts.
     * @param length      its length.
     * @return the request id, or a negative refusal as for {@link #submit}.
     */
    public long query(
        final int partitionId, final int readModel, final Consistency consistency, final long minPosition,
        final DirectBuffer query, final int offset, final int length)
    {
        return query(partitionId, -1, readModel, consistency, minPosition, query, offset, length);
    }

    /**
     * Sends a read to one given replica of a partition (rank 0 is the group's first host), for example to read a
     * follower with {@link Consistency#AT_LEAST} or {@link Consistency#ANY}. Not redirected: a refusal by that replica
     * is the request's failure, and silence ends in TIMEOUT.
     *
     * @param partitionId the partition.
     * @param rank        the replica's place in the group, from 0.
     * @param readModel   the read model's index.
     * @param consistency how fresh the answer must be.
     * @param minPosition for {@link Consistency#AT_LEAST}: the op the read model must have applied.
     * @param query       the query; copied before this returns.
     * @param offset      where it starts.
     * @param length      its length.
     * @return the request id, or a negative refusal as for {@link #submit}.
     */
    public long queryReplica(
        final int partitionId, final int rank, final int readModel, final Consistency consistency,
        final long minPosition, final DirectBuffer query, final int offset, final int length)
    {
        if (rank < 0 || rank >= routing.groupSize())
        {
            return UNKNOWN_PARTITION;
        }
        return query(partitionId, rank, readModel, consistency, minPosition, query, offset, length);
    }

    private long query(
        final int partitionId, final int rank, final int readModel, final Consistency consistency,
        final long minPosition, final DirectBuffer query, final int offset, final int length)
    {
        final RequestSlot slot = claim(partitionId, query, offset, length);
        if (null == slot)
        {
            return refusal(partitionId, length);
        }
        slot.query = true;
        slot.readModel = readModel;
        slot.consistency = consistency;
        slot.minPosition = minPosition;
        if (rank >= 0)
        {
            slot.pinnedHost = routing.hostOf(partitionId, rank);
            return start(slot, slot.pinnedHost);
        }
        return start(slot, routing.primaryHost(partitionId));
    }

    private RequestSlot claim(final int partitionId, final DirectBuffer payload, final int offset, final int length)
    {
        if (closed || 0 == freeCount || partitionId < 0 || partitionId >= routing.partitionCount() ||
            length < 0 || length > ctx.payloadLengthMax())
        {
            return null;
        }
        final RequestSlot slot = slots[freeSlots[--freeCount]];
        slot.payload.putBytes(0, payload, offset, length);
        slot.payloadLength = length;
        slot.partitionId = partitionId;
        return slot;
    }

    private long refusal(final int partitionId, final int length)
    {
        if (closed)
        {
            return CLOSED;
        }
        if (partitionId < 0 || partitionId >= routing.partitionCount())
        {
            return UNKNOWN_PARTITION;
        }
        return length < 0 || length > ctx.payloadLengthMax() ? PAYLOAD_TOO_LARGE : TOO_MANY_IN_FLIGHT;
    }

    private long start(final RequestSlot slot, final int host)
    {
        final long now = System.nanoTime();
        slot.requestId = nextRequestId++;
        slot.targetHost = host;
        slot.deadlineNs = now + timeoutNs;
        slot.nextActionNs = now;
        slot.state = RequestSlot.State.SEND;
        nowNs = now;
        send(slot);
        return slot.requestId;
    }

    /**
     * The duty cycle: takes the answers that arrived, hands each outcome to the listener, and resends or fails the
     * requests whose timers passed. Call it in a loop, with an idle strategy when it returns 0.
     *
     * @param listener receives the outcomes, on this thread.
     * @return the work done, 0 when idle.
     */
    public int poll(final ResponseListener listener)
    {
        if (closed)
        {
            return 0;
        }
        this.listener = listener;
        nowNs = System.nanoTime();
        int work = responses.poll(assembler, FRAGMENT_LIMIT);
        for (final RequestSlot slot : slots)
        {
            if (slot.state == RequestSlot.State.FREE)
            {
                continue;
            }
            if (nowNs - slot.deadlineNs >= 0)
            {
                fail(slot, ErrorCode.TIMEOUT);
                work++;
            }
            else if (nowNs - slot.nextActionNs >= 0)
            {
                if (slot.state == RequestSlot.State.AWAIT_ANSWER ||
                    (slot.state == RequestSlot.State.AWAIT_CONNECT && nowNs - slot.connectingSinceNs >= retryIntervalNs))
                {
                    moveOn(slot);
                }
                send(slot);
                work++;
            }
        }
        return work;
    }

    /**
     * @return requests accepted and not yet ended.
     */
    public int inFlight()
    {
        return sessionCount - freeCount;
    }

    /**
     * @param partitionId a partition.
     * @return the host (from 0, host-1 first) the client currently sends the partition's writes to.
     */
    public int primaryHostOf(final int partitionId)
    {
        return routing.primaryHost(partitionId);
    }

    private void send(final RequestSlot slot)
    {
        final int host = slot.targetHost;
        final int connectedIndex = host * sessionCount + slot.index;
        final boolean sent;
        if (connected[connectedIndex])
        {
            sent = publisher.send(host, slot);
            slot.state = RequestSlot.State.AWAIT_ANSWER;
        }
        else
        {
            sent = publisher.connect(host, slot.sessionId);
            if (slot.state != RequestSlot.State.AWAIT_CONNECT)
            {
                slot.connectingSinceNs = nowNs;
                slot.state = RequestSlot.State.AWAIT_CONNECT;
            }
        }
        if (sent)
        {
            slot.sendFailingSinceNs = 0;
            // a node keeps the Connected answer until its new publication to this client connects, so a Connect is
            // not repeated: a host silent for a retry interval after it counts as silent, as after a request
            slot.nextActionNs = nowNs + retryIntervalNs;
        }
        else if (0 == slot.sendFailingSinceNs || nowNs - slot.sendFailingSinceNs < retryIntervalNs)
        {
            // back pressure, or a publication still connecting: try again shortly, at most for one retry interval
            slot.sendFailingSinceNs = 0 == slot.sendFailingSinceNs ? nowNs : slot.sendFailingSinceNs;
            slot.state = RequestSlot.State.SEND;
            slot.nextActionNs = nowNs + SEND_RETRY_NS;
        }
        else
        {
            // unreachable for a whole retry interval (a dead host's publication goes not-connected): move on, as
            // from a silent host, instead of offering to it until the request times out
            slot.sendFailingSinceNs = 0;
            moveOn(slot);
        }
    }

    /**
     * The target host never answered: mark it tried and pick the next replica of the group; after a whole
     * round of refusals, back off (a view change is under way) and start a new round.
     */
    private void moveOn(final RequestSlot slot)
    {
        // a silent host may have restarted and forgotten the session, and then it cannot even say so (it has no
        // channel to answer on): the next request to it opens the session again first
        connected[slot.targetHost * sessionCount + slot.index] = false;
        slot.nextActionNs = nowNs;
        slot.state = RequestSlot.State.SEND;
        if (slot.pinnedHost >= 0)
        {
            return;
        }
        redirect(slot, -1);
    }

    private void redirect(final RequestSlot slot, final int suggestedHost)
    {
        slot.nextActionNs = nowNs;
        slot.state = RequestSlot.State.SEND;
        if (routing.redirect(slot, suggestedHost))
        {
            slot.nextActionNs = nowNs + backOffNs;
        }
    }

    private RequestSlot slotOf(final long sessionId, final long requestId)
    {
        final long index = sessionId - ctx.sessionId();
        if (index < 0 || index >= sessionCount)
        {
            return null;
        }
        final RequestSlot slot = slots[(int)index];
        return slot.state != RequestSlot.State.FREE && slot.requestId == requestId ? slot : null;
    }

    @Override
    public void onCommandResponse(
        final long sessionId, final long requestId, final int partitionId, final long position, final DirectBuffer payload)
    {
        final RequestSlot slot = slotOf(sessionId, requestId);
        if (null == slot || slot.query)
        {
            return;
        }
        routing.primaryIs(slot.partitionId, slot.targetHost);
        final int partition = slot.partitionId;
        free(slot);
        listener.onCommandResponse(requestId, partition, position, payload, 0, payload.capacity());
    }

    @Override
    public void onQueryResponse(
        final long sessionId, final long requestId, final int partitionId, final long position, final DirectBuffer payload)
    {
        final RequestSlot slot = slotOf(sessionId, requestId);
        if (null == slot || !slot.query)
        {
            return;
        }
        final int partition = slot.partitionId;
        free(slot);
        listener.onQueryResponse(requestId, partition, position, payload, 0, payload.capacity());
    }

    @Override
    public void onConnected(final long sessionId, final int hostIndex)
    {
        final long index = sessionId - ctx.sessionId();
        final int host = hostIndex - 1;
        if (index < 0 || index >= sessionCount || host < 0 || host * sessionCount >= connected.length)
        {
            return;
        }
        connected[host * sessionCount + (int)index] = true;
        final RequestSlot slot = slots[(int)index];
        if (slot.state == RequestSlot.State.AWAIT_CONNECT && slot.targetHost == host)
        {
            send(slot);
        }
    }

    @Override
    public void onError(
        final long sessionId, final long requestId, final ErrorCode code, final int retryAfterMs,
        final DirectBuffer redirect)
    {
        final long index = sessionId - ctx.sessionId();
        if (index < 0 || index >= sessionCount)
        {
            return;
        }
        final RequestSlot slot = slots[(int)index];
        if (slot.state == RequestSlot.State.FREE || (requestId != slot.requestId && 0 != requestId))
        {
            return;
        }
        if (0 == requestId && slot.state != RequestSlot.State.AWAIT_CONNECT)
        {
            return;
        }
        onRefused(slot, code, retryAfterMs, redirect);
    }

    private void onRefused(final RequestSlot slot, final ErrorCode code, final int retryAfterMs, final DirectBuffer redirect)
    {
        switch (code)
        {
            case UNAUTHENTICATED:
                if (slot.state == RequestSlot.State.AWAIT_CONNECT)
                {
                    fail(slot, code);
                }
                else
                {
                    // the host lost the session (it restarted): connect again, then resend
                    connected[slot.targetHost * sessionCount + slot.index] = false;
                    slot.state = RequestSlot.State.SEND;
                    send(slot);
                }
                break;
            case OVERLOADED:
            case VIEW_CHANGE_IN_PROGRESS:
                slot.state = RequestSlot.State.SEND;
                slot.nextActionNs = nowNs + TimeUnit.MILLISECONDS.toNanos(Math.max(1, retryAfterMs));
                break;
            case NOT_PRIMARY:
            case WRONG_NODE:
            case UNKNOWN_PARTITION:
                if (slot.pinnedHost >= 0)
                {
                    fail(slot, code);
                }
                else
                {
                    redirect(slot, routing.hostOfAddress(redirect, 0, redirect.capacity()));
                    if (slot.nextActionNs - nowNs <= 0)
                    {
                        send(slot);
                    }
                }
                break;
            default:
                fail(slot, code);
                break;
        }
    }

    private void fail(final RequestSlot slot, final ErrorCode code)
    {
        final long requestId = slot.requestId;
        final int partitionId = slot.partitionId;
        free(slot);
        if (null != listener)
        {
            listener.onFailure(requestId, partitionId, code);
        }
    }

    private void free(final RequestSlot slot)
    {
        slot.release();
        freeSlots[freeCount++] = slot.index;
    }

    /**
     * Ends every request still in flight with a {@link ErrorCode#TIMEOUT} failure to the listener last given to
     * {@link #poll} (so none ends silently), then closes the publications, Aeron and the embedded media driver.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        for (final RequestSlot slot : slots)
        {
            if (slot.state != RequestSlot.State.FREE)
            {
                fail(slot, ErrorCode.TIMEOUT);
            }
        }
        closed = true;
        CloseHelper.quietCloseAll(publisher, responses, aeron, driver);
        if (null != driverDirectory && null == ctx.embeddedDriverDirectory())
        {
            try
            {
                Files.deleteIfExists(driverDirectory);
            }
            catch (final IOException ex)
            {
                ctx.errorHandler().onError(ex);
            }
        }
    }
}
