package io.anthill.engine.node;

import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.QuerySink;
import io.anthill.engine.SubmitResult;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * Every read model's digest of one partition, each taken on the read model's own thread at the position it has
 * reached ({@link Partition#queryDigest}), collected for the control plane's READ_MODEL_DIGESTS. The control thread
 * waits for the answers with a deadline: it serves a few requests a second, and the answers come within a read
 * model's duty cycle.
 */
final class ReadModelDigests implements QuerySink
{
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(2);

    private final List<String> names;
    private final long[] positions;
    private final long[] digests;
    private final ErrorCode[] refusals;
    private final AtomicInteger answered = new AtomicInteger();

    private ReadModelDigests(final List<String> names)
    {
        this.names = names;
        this.positions = new long[names.size()];
        this.digests = new long[names.size()];
        this.refusals = new ErrorCode[names.size()];
    }

    /**
     * Asks every read model of the partition and waits for all answers.
     *
     * @param partition a running partition.
     * @return the digests, or null when one could not be had (see {@link #failure}).
     */
    static ReadModelDigests collect(final Partition partition)
    {
        final ReadModelDigests collected = new ReadModelDigests(partition.readModelNames());
        for (int i = 0; i < collected.names.size(); i++)
        {
            final SubmitResult result = partition.queryDigest(i, i, collected);
            if (result != SubmitResult.ACCEPTED)
            {
                collected.refusals[i] = result == SubmitResult.OVERLOADED ? ErrorCode.OVERLOADED : ErrorCode.UNKNOWN_PARTITION;
                collected.answered.incrementAndGet();
            }
        }
        final IdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, TimeUnit.MILLISECONDS.toNanos(1));
        final long deadlineNs = System.nanoTime() + WAIT_NS;
        while (collected.answered.get() < collected.names.size() && System.nanoTime() - deadlineNs < 0)
        {
            idle.idle();
        }
        return collected;
    }

    /**
     * @return null when every read model answered, else why not (TIMEOUT when one did not answer in time).
     */
    ErrorCode failure()
    {
        if (answered.get() < names.size())
        {
            return ErrorCode.TIMEOUT;
        }
        for (final ErrorCode refusal : refusals)
        {
            if (null != refusal)
            {
                return refusal;
            }
        }
        return null;
    }

    int count()
    {
        return names.size();
    }

    String name(final int index)
    {
        return names.get(index);
    }

    long position(final int index)
    {
        return positions[index];
    }

    long digest(final int index)
    {
        return digests[index];
    }

    @Override
    public void onQueryResponse(
        final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int index = (int)requestId;
        positions[index] = position;
        digests[index] = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        answered.incrementAndGet();
    }

    @Override
    public void onQueryRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
    {
        refusals[(int)requestId] = code;
        answered.incrementAndGet();
    }
}
