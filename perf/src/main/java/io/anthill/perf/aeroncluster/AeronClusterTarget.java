package io.anthill.perf.aeroncluster;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.TimeoutException;
import io.aeron.logbuffer.Header;
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

    private final MediaDriver driver;
    private final AeronCluster client;
    private final UnsafeBuffer commandBuffer = new UnsafeBuffer(new byte[LedgerMessages.COMMAND_LENGTH]);
    private final OutageClock outage = new OutageClock();
    private CompletionHandler handler;
    private int responsesInPoll;
    private long lastResponseValue;
    private long lastResponseRequestId;
    private long rejectedCount;
    private long leaderChanges;
    private volatile int leaderMemberId;

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
        try
        {
            client = connect(layout);
            leaderMemberId = client.leaderMemberId();
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    private AeronCluster connect(final ClusterLayout layout)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        while (true)
        {
            try
            {
                return AeronCluster.connect(new AeronCluster.Context()
                    .aeronDirectoryName(driver.aeronDirectoryName())
                    .ingressChannel("aeron:udp")
                    .ingressEndpoints(layout.ingressEndpoints())
                    .egressChannel("aeron:udp?endpoint=" + ClusterLayout.HOST + ":0")
                    .egressListener(this)
                    .idleStrategy(ClusterMember.idleStrategy()));
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
        return !client.isClosed() && client.offer(commandBuffer, 0, LedgerMessages.COMMAND_LENGTH) > 0;
    }

    @Override
    public int poll(final CompletionHandler handler, final int responseCountMax)
    {
        if (client.isClosed())
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
        outage.onAnswered(nowNs);
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
     * for the leader's answer; call it only when the generator no longer runs.
     *
     * @param requestId a request id no load request used.
     * @param timeoutMs how long to wait.
     * @return the leader's digest.
     * @throws IllegalStateException if no answer came in time.
     */
    long queryDigest(final long requestId, final long timeoutMs)
    {
        LedgerMessages.encodeCommand(commandBuffer, LedgerMessages.DIGEST, requestId, 0, 0, 0);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        boolean sent = false;
        while (lastResponseRequestId != requestId)
        {
            if (System.nanoTime() - deadlineNs > 0 || client.isClosed())
            {
                throw new IllegalStateException("no digest from the Aeron Cluster leader within " + timeoutMs + " ms");
            }
            sent = sent || client.offer(commandBuffer, 0, LedgerMessages.COMMAND_LENGTH) > 0;
            if (client.pollEgress() == 0)
            {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
        return lastResponseValue;
    }

    /**
     * @return the member the client last knew as leader; read by the thread that kills it.
     */
    int leaderMemberId()
    {
        return leaderMemberId;
    }

    OutageClock outage()
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
     * @return new-leader events the client received.
     */
    long leaderChanges()
    {
        return leaderChanges;
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(client, driver);
    }
}
