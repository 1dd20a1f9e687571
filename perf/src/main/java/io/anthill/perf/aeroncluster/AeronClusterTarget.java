package io.anthill.perf.aeroncluster;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.AdminRequestType;
import io.aeron.cluster.codecs.AdminResponseCode;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.TimeoutException;
import io.aeron.logbuffer.Header;
import io.anthill.perf.cluster.FailoverClock;
import io.anthill.perf.harness.CompletionHandler;
import io.anthill.perf.harness.LoadTarget;
import io.anthill.perf.harness.OperationType;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Drives the Aeron Cluster ledger from the load generator: one {@link AeronCluster} client session over its own
 * embedded media driver (SHARED, the members' backoff). The correlation id is the request id; odd ones deposit into
 * one of {@link #ACCOUNT_COUNT} accounts, even ones transfer from the account just funded to the next. Every response
 * is reported to the generator when it arrives. An offer the client cannot make (back-pressure, no leader) returns
 * false, so the generator offers the request again and charges the wait to its latency; a request offered but never
 * answered (sent to a leader that then died) is what the generator counts as {@code NO_RESPONSE}: lost.
 */
final class AeronClusterTarget implements LoadTarget, EgressListener
{
    /** Accounts the workload spreads over. */
    static final int ACCOUNT_COUNT = 1024;
    /** Limit: how long connecting waits for an elected leader. */
    static final long CONNECT_TIMEOUT_MS = 60_000;
    static final long DEPOSIT_AMOUNT = 100;
    static final long TRANSFER_AMOUNT = 1;

    /** Limit: how long a digest or snapshot request waits for its answer before it is offered again. */
    static final long REQUEST_RESEND_MS = 2_000;

    private final MediaDriver driver;
    private final ClusterLayout layout;
    private AeronCluster client;
    private AeronCluster.AsyncConnect reconnect;
    private long reconnectCount;
    private long clientErrorCount;
    private volatile String lastClientError = "none";
    private final UnsafeBuffer commandBuffer = new UnsafeBuffer(new byte[LedgerMessages.COMMAND_LENGTH]);
    private final FailoverClock outage = new FailoverClock(Long.MAX_VALUE);
    private CompletionHandler handler;
    private int responsesInPoll;
    private long lastResponseValue;
    private long lastResponseRequestId;
    private long rejectedCount;
    private long leaderChanges;
    private volatile int leaderMemberId;
    private long adminResponseCorrelationId = Long.MIN_VALUE;
    private AdminResponseCode adminResponseCode;

    /**
     * Starts the client's media driver and connects, retrying until a leader answers or {@link #CONNECT_TIMEOUT_MS}.
     *
     * @param clientDir the client driver's directory.
     * @param layout    the members' ports.
     */
    AeronClusterTarget(final Path clientDir, final ClusterLayout layout)
    {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(clientDir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(ClusterMember.idleStrategy())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        this.layout = layout;
        try
        {
            client = connect();
            leaderMemberId = client.leaderMemberId();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    private AeronCluster connect()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        while (true)
        {
            try
            {
                return AeronCluster.connect(newClientContext());
            }
            catch (final TimeoutException ex)
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("no Aeron Cluster leader answered within " + CONNECT_TIMEOUT_MS + " ms",
                        ex);
                }
            }
        }
    }

    private AeronCluster.Context newClientContext()
    {
        return new AeronCluster.Context()
            .aeronDirectoryName(driver.aeronDirectoryName())
            .ingressChannel("aeron:udp")
            .ingressEndpoints(layout.ingressEndpoints())
            .egressChannel("aeron:udp?endpoint=" + ClusterLayout.HOST + ":0")
            .egressListener(this)
            .errorHandler(this::onClientError)
            .idleStrategy(ClusterMember.idleStrategy());
    }

    private void onClientError(final Throwable error)
    {
        clientErrorCount++;
        lastClientError = error.toString();
    }

    /**
     * A client the cluster closed (its session timed out, or it found no leader in time) is replaced by a new session,
     * connected without blocking the generator's thread, as an application would reconnect.
     *
     * @return true while connected.
     */
    private boolean isConnected()
    {
        if (!client.isClosed())
        {
            return true;
        }
        try
        {
            if (null == reconnect)
            {
                reconnect = AeronCluster.asyncConnect(newClientContext());
            }
            final AeronCluster connected = reconnect.poll();
            if (null != connected)
            {
                reconnect = null;
                client = connected;
                leaderMemberId = connected.leaderMemberId();
                reconnectCount++;
                return true;
            }
        }
        catch (final TimeoutException ex)
        {
            onClientError(ex);
            CloseHelper.quietClose(reconnect);
            reconnect = null;
        }
        return false;
    }

    @Override
    public boolean send(
        final OperationType type, final long correlationId, final int sessionIndex, final int partitionIndex,
        final long intendedTimeNs)
    {
        final long account = correlationId % ACCOUNT_COUNT;
        if ((correlationId & 1) == 1)
        {
            LedgerMessages.encodeCommand(commandBuffer, LedgerMessages.DEPOSIT, correlationId, account, 0, DEPOSIT_AMOUNT);
        }
        else
        {
            // from the account the previous request funded, so a transfer is refused only if that deposit was lost
            LedgerMessages.encodeCommand(commandBuffer, LedgerMessages.TRANSFER, correlationId,
                (correlationId - 1) % ACCOUNT_COUNT, account, TRANSFER_AMOUNT);
        }
        return isConnected() && client.offer(commandBuffer, 0, LedgerMessages.COMMAND_LENGTH) > 0;
    }

    @Override
    public int poll(final CompletionHandler handler, final int responseCountMax)
    {
        if (!isConnected())
        {
            return 0;
        }
        this.handler = handler;
        responsesInPoll = 0;
        int fragments;
        do
        {
            fragments = client.pollEgress();
        }
        while (fragments > 0 && responsesInPoll < responseCountMax);
        this.handler = null;
        return responsesInPoll;
    }

    @Override
    public void onMessage(
        final long clusterSessionId, final long timestamp, final DirectBuffer buffer, final int offset, final int length,
        final Header header)
    {
        if (!LedgerMessages.isResponse(buffer, offset, length))
        {
            return;
        }
        final long nowNs = System.nanoTime();
        final long requestId = buffer.getLong(offset + LedgerMessages.REQUEST_ID_OFFSET);
        if (buffer.getInt(offset + LedgerMessages.RESULT_OFFSET) != LedgerMessages.RESULT_OK)
        {
            rejectedCount++;
        }
        lastResponseRequestId = requestId;
        lastResponseValue = buffer.getLong(offset + LedgerMessages.VALUE_OFFSET);
        outage.onWriteAnswered(nowNs);
        responsesInPoll++;
        if (null != handler)
        {
            handler.onSuccess(requestId, nowNs);
        }
    }

    @Override
    public void onNewLeader(
        final long clusterSessionId, final long leadershipTermId, final int leaderMemberId, final String ingressEndpoints)
    {
        this.leaderMemberId = leaderMemberId;
        leaderChanges++;
    }

    /**
     * Asks every member for its conservation digest (written to its digest file at the same log position) and waits
     * for the leader's answer, offering the request again with the next id every {@link #REQUEST_RESEND_MS} (an offer
     * can be lost to a leader that just died); call it only when the generator no longer runs.
     *
     * @param firstRequestId the first request id to use; ids above it up to the number of attempts may be used too,
     *                       none of them may be a load request's.
     * @param timeoutMs      how long to wait.
     * @return the answered request's id and the leader's digest.
     * @throws IllegalStateException if no answer came in time.
     */
    Digest queryDigest(final long firstRequestId, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final long resendNs = TimeUnit.MILLISECONDS.toNanos(REQUEST_RESEND_MS);
        long requestId = firstRequestId - 1;
        long sentAtNs = 0;
        boolean sent = true;
        while (true)
        {
            final long nowNs = System.nanoTime();
            if (nowNs - deadlineNs > 0)
            {
                throw new IllegalStateException("no digest from the Aeron Cluster leader within " + timeoutMs +
                    " ms; last client error: " + lastClientError);
            }
            if (sent && nowNs - sentAtNs > resendNs)
            {
                requestId++;
                sent = false;
                sentAtNs = nowNs;
            }
            if (!isConnected())
            {
                Thread.yield();
                continue;
            }
            if (!sent)
            {
                LedgerMessages.encodeCommand(commandBuffer, LedgerMessages.DIGEST, requestId, 0, 0, 0);
                sent = client.offer(commandBuffer, 0, LedgerMessages.COMMAND_LENGTH) > 0;
            }
            if (client.pollEgress() == 0)
            {
                Thread.yield();
            }
            if (lastResponseRequestId >= firstRequestId && lastResponseRequestId <= requestId)
            {
                return new Digest(lastResponseRequestId, lastResponseValue);
            }
        }
    }

    /**
     * Asks the leader to have every member take a snapshot (an admin request; the members allow it) and waits for the
     * leader's answer, which says the snapshot was started; call it only when the generator no longer runs.
     *
     * @param correlationId the admin request's id.
     * @param timeoutMs     how long to wait.
     * @throws IllegalStateException if the request was refused or not answered in time.
     */
    void requestSnapshot(final long correlationId, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean sent = false;
        while (adminResponseCorrelationId != correlationId)
        {
            if (System.nanoTime() - deadlineNs > 0 || client.isClosed())
            {
                throw new IllegalStateException("no answer to the snapshot request within " + timeoutMs + " ms");
            }
            sent = sent || client.sendAdminRequestToTakeASnapshot(correlationId);
            if (client.pollEgress() == 0)
            {
                Thread.yield();
            }
        }
        if (adminResponseCode != AdminResponseCode.OK)
        {
            throw new IllegalStateException("snapshot request refused: " + adminResponseCode);
        }
    }

    @Override
    public void onAdminResponse(
        final long clusterSessionId, final long correlationId, final AdminRequestType requestType,
        final AdminResponseCode responseCode, final String message, final DirectBuffer payload, final int payloadOffset,
        final int payloadLength)
    {
        adminResponseCode = responseCode;
        adminResponseCorrelationId = correlationId;
    }

    /**
     * @return the member the client last knew as leader; read by the thread that kills it.
     */
    int leaderMemberId()
    {
        return leaderMemberId;
    }

    FailoverClock outage()
    {
        return outage;
    }

    /**
     * @return responses that were not {@code OK} (a transfer over the balance); answered, so counted as served.
     */
    long rejectedCount()
    {
        return rejectedCount;
    }

    /**
     * @return how many times the client connected a new session after the cluster closed its previous one.
     */
    long reconnectCount()
    {
        return reconnectCount;
    }

    /**
     * @return errors the Aeron Cluster client reported, and the last one.
     */
    String clientErrors()
    {
        return clientErrorCount + " (last: " + lastClientError + ")";
    }

    /**
     * @return new-leader events the client received.
     */
    long leaderChanges()
    {
        return leaderChanges;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(reconnect, client, driver);
    }

    /**
     * The answer to a digest request.
     *
     * @param requestId the request that was answered.
     * @param value     the leader's conservation digest.
     */
    record Digest(long requestId, long value)
    {
    }
}
