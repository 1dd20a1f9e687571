package io.anthill.perf.cluster;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.replication.client.AnthillClient;
import io.anthill.replication.client.ResponseListener;
import org.agrona.DirectBuffer;

/**
 * Compares the replicas of an external cluster after a run, through the client: the client protocol does not expose
 * a replica's state digest (the embedded cluster's check reads it in process), so each replica is asked, pinned with
 * {@link AnthillClient#queryReplica}, for every account's balances and every book's depth, at or after the last
 * acknowledged write of the partition ({@link Consistency#AT_LEAST}); the answers, hashed in query order, make a
 * read-model digest per replica, and all of a partition's must be equal. A replica still catching up (or refusing)
 * is asked again until {@link #DEADLINE_NS}. Runs on the thread that owns the client, after the load.
 */
final class ReplicaReadCheck implements ResponseListener
{
    /** How long replicas get to converge and answer. */
    static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);
    private static final int BOOK_LEVELS = 5;
    private static final long RETRY_PAUSE_MS = 100;

    private final AnthillClient client;
    private final TradingWorkload trading;
    private final int replicas;
    private final CRC32C crc = new CRC32C();
    private final long[] answerHashes = new long[TradingWorkload.ACCOUNT_COUNT + TradingWorkload.INSTRUMENT_COUNT];
    private byte[] scratch = new byte[256];
    private long firstRequestId;
    private int answered;
    private ErrorCode failure;

    ReplicaReadCheck(final AnthillClient client, final TradingWorkload trading, final int replicas)
    {
        this.client = client;
        this.trading = trading;
        this.replicas = replicas;
    }

    /**
     * @param minPositions per partition, the op of its last acknowledged write.
     * @param out          where to print one line per partition.
     * @return true if every replica of every partition gave the same answers.
     */
    boolean compare(final long[] minPositions, final PrintStream out)
    {
        out.println("external cluster: a replica's state digest is not exposed over the client protocol, so each " +
            "replica's read models are compared instead (balances of every account, depth of every book)");
        final long deadlineNs = System.nanoTime() + DEADLINE_NS;
        firstRequestId = Long.MAX_VALUE;
        drain(deadlineNs);
        boolean consistent = true;
        for (int partitionId = 0; partitionId < minPositions.length; partitionId++)
        {
            final long[] digests = new long[replicas];
            final String[] problems = new String[replicas];
            boolean equal;
            do
            {
                for (int rank = 0; rank < replicas; rank++)
                {
                    failure = null;
                    digests[rank] = readReplica(partitionId, rank, minPositions[partitionId], deadlineNs);
                    problems[rank] = null == failure ? null : failure.name();
                }
                equal = Arrays.stream(problems).allMatch(p -> null == p) && Arrays.stream(digests).allMatch(d -> d == digests[0]);
            }
            while (!equal && pauseBefore(deadlineNs));
            final StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "partition %d read-model digest per replica (at or after op %d):", partitionId, minPositions[partitionId]));
            for (int rank = 0; rank < replicas; rank++)
            {
                line.append(' ').append(null == problems[rank] ? String.format(Locale.ROOT, "%016x", digests[rank]) :
                    "unreadable(" + problems[rank] + ")");
            }
            out.println(line);
            consistent &= equal;
        }
        return consistent;
    }

    private long readReplica(final int partitionId, final int rank, final long minPosition, final long deadlineNs)
    {
        answered = 0;
        firstRequestId = 0;
        int queries = 0;
        for (long account = 1; account <= TradingWorkload.ACCOUNT_COUNT; account++)
        {
            send(partitionId, rank, TradingWorkload.BALANCES_READ_MODEL, minPosition, trading.encoder().queryBalances(account),
                queries++);
        }
        for (int instrument = 1; instrument <= TradingWorkload.INSTRUMENT_COUNT; instrument++)
        {
            if (trading.partitionOfInstrument(instrument) == partitionId)
            {
                send(partitionId, rank, TradingWorkload.BOOK_DEPTH_READ_MODEL, minPosition,
                    trading.encoder().queryBookDepth(instrument, BOOK_LEVELS), queries++);
            }
        }
        while (answered < queries && null == failure && System.nanoTime() - deadlineNs < 0)
        {
            if (client.poll(this) == 0)
            {
                Thread.onSpinWait();
            }
        }
        drain(deadlineNs + TimeUnit.SECONDS.toNanos(10));
        if (null == failure && answered < queries)
        {
            failure = ErrorCode.TIMEOUT;
        }
        long digest = 0;
        for (int i = 0; i < queries; i++)
        {
            digest = digest * 0x9E3779B97F4A7C15L + answerHashes[i];
        }
        return digest;
    }

    /**
     * Lets what is still in flight end (the load's last requests, or a round cut short by a failure or the deadline),
     * so that a round starts clean; their outcomes fall outside the round's request ids and are ignored.
     */
    private void drain(final long deadlineNs)
    {
        while (client.inFlight() > 0 && System.nanoTime() - deadlineNs < 0)
        {
            if (client.poll(this) == 0)
            {
                Thread.onSpinWait();
            }
        }
    }

    private void send(
        final int partitionId, final int rank, final int readModel, final long minPosition, final int length, final int index)
    {
        final long requestId = client.queryReplica(partitionId, rank, readModel, Consistency.AT_LEAST, minPosition,
            trading.encoder().buffer(), 0, length);
        if (requestId < 0)
        {
            throw new IllegalStateException("the client refused a read-model check query: " + requestId);
        }
        if (0 == index)
        {
            firstRequestId = requestId;
        }
        else if (requestId != firstRequestId + index)
        {
            throw new IllegalStateException("the client's request ids are not consecutive: " + requestId);
        }
    }

    private static boolean pauseBefore(final long deadlineNs)
    {
        if (System.nanoTime() - deadlineNs >= 0)
        {
            return false;
        }
        try
        {
            Thread.sleep(RETRY_PAUSE_MS);
            return true;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void onCommandResponse(
        final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        // the load's last writes, answered after it stopped: not part of the check
    }

    @Override
    public void onQueryResponse(
        final long requestId, final int partitionId, final long position, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final long index = requestId - firstRequestId;
        if (index < 0 || index >= answerHashes.length)
        {
            return;
        }
        if (scratch.length < length)
        {
            scratch = new byte[length];
        }
        buffer.getBytes(offset, scratch, 0, length);
        crc.reset();
        crc.update(scratch, 0, length);
        answerHashes[(int)index] = crc.getValue();
        answered++;
    }

    @Override
    public void onFailure(final long requestId, final int partitionId, final ErrorCode code)
    {
        if (requestId >= firstRequestId && requestId - firstRequestId < answerHashes.length)
        {
            failure = code;
        }
    }
}
