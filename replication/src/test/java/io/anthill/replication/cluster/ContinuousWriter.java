package io.anthill.replication.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.replication.client.AnthillClient;
import io.anthill.replication.client.ResponseListener;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A client that writes +1 to one partition continuously through an {@link AnthillClient}, keeping a few requests in
 * flight, and records what it needs to prove conservation: every acknowledged running total (each must be distinct),
 * the time of each acknowledgement (to measure the longest pause), and every failure.
 */
final class ContinuousWriter implements ResponseListener
{
    private final AnthillClient client;
    private final int partitionId;
    private final int inFlightMax;
    private final UnsafeBuffer one = new UnsafeBuffer(new byte[8]);
    private final LongHashSet acknowledgedTotals = new LongHashSet();
    private final LongArrayList acknowledgedAtNs = new LongArrayList();
    private final List<String> failures = new ArrayList<>();
    private long lastPosition;
    private long[] queryAnswer;
    private long queryRequestId;
    private boolean queryEnded;
    private Supplier<String> diagnostics = () -> "";

    ContinuousWriter(final AnthillClient client, final int partitionId, final int inFlightMax)
    {
        this.client = client;
        this.partitionId = partitionId;
        this.inFlightMax = inFlightMax;
        one.putLong(0, 1);
    }

    /**
     * Writes until the condition holds or the timeout passes.
     */
    void writeUntil(final String what, final long timeoutMs, final BooleanSupplier done)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms writing until " + what + "; acked " +
                    acknowledged() + ", failures " + failures + diagnostics.get());
            }
            while (client.inFlight() < inFlightMax)
            {
                final long id = client.submit(partitionId, one, 0, 8);
                if (id < 0)
                {
                    throw new AssertionError("submit refused " + id);
                }
            }
            if (0 == client.poll(this))
            {
                Thread.yield();
            }
        }
    }

    void diagnostics(final Supplier<String> supplier)
    {
        this.diagnostics = supplier;
    }

    void writeMore(final int count, final long timeoutMs)
    {
        final int target = acknowledged() + count;
        writeUntil(target + " acknowledgements", timeoutMs, () -> acknowledged() >= target);
    }

    /** Stops writing and waits for every request in flight to end. */
    void drain(final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (client.inFlight() > 0)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("requests still in flight after " + timeoutMs + " ms");
            }
            if (0 == client.poll(this))
            {
                Thread.yield();
            }
        }
    }

    /**
     * Reads (commands applied, total, digest) from one replica once it has applied the last acknowledged write;
     * retries while the replica catches up.
     */
    long[] readReplica(final int rank, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final List<String> refusals = new ArrayList<>();
        queryAnswer = null;
        while (null == queryAnswer)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("replica " + rank + " did not answer within " + timeoutMs + " ms: " + refusals);
            }
            queryEnded = false;
            queryRequestId = client.queryReplica(partitionId, rank, 0, Consistency.AT_LEAST, lastPosition, one, 0, 8);
            while (!queryEnded)
            {
                if (0 == client.poll(this))
                {
                    Thread.yield();
                }
            }
            if (null == queryAnswer)
            {
                refusals.add(failures.remove(failures.size() - 1));
            }
        }
        return queryAnswer;
    }

    @Override
    public void onCommandResponse(
        final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final long total = buffer.getLong(offset);
        if (!acknowledgedTotals.add(total))
        {
            failures.add("total " + total + " acknowledged twice (request " + requestId + ")");
        }
        acknowledgedAtNs.addLong(System.nanoTime());
        lastPosition = Math.max(lastPosition, position);
    }

    @Override
    public void onQueryResponse(
        final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        if (requestId == queryRequestId)
        {
            queryAnswer = new long[] {buffer.getLong(offset), buffer.getLong(offset + 8), buffer.getLong(offset + 16)};
            queryEnded = true;
        }
    }

    @Override
    public void onFailure(final long requestId, final int partitionId, final ErrorCode code)
    {
        failures.add("request " + requestId + ": " + code);
        if (requestId == queryRequestId)
        {
            queryEnded = true;
        }
    }

    int acknowledged()
    {
        return acknowledgedAtNs.size();
    }

    /** @return true if the acknowledged totals are exactly 1..acknowledged(), each once. */
    boolean totalsAreOneToCount()
    {
        for (long total = 1; total <= acknowledged(); total++)
        {
            if (!acknowledgedTotals.contains(total))
            {
                return false;
            }
        }
        return acknowledgedTotals.size() == acknowledged();
    }

    /** @return the longest time without an acknowledgement between the given indexes of acknowledgements, in ms. */
    double longestPauseMs(final int fromAck, final int toAck)
    {
        long longestNs = 0;
        for (int i = Math.max(1, fromAck); i < Math.min(toAck, acknowledgedAtNs.size()); i++)
        {
            longestNs = Math.max(longestNs, acknowledgedAtNs.getLong(i) - acknowledgedAtNs.getLong(i - 1));
        }
        return longestNs / 1e6;
    }

    List<String> failures()
    {
        return failures;
    }
}
