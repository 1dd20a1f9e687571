package io.anthill.perf.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.example.trading.ExchangeContext;
import io.anthill.example.trading.ExchangeStateMachine;
import io.anthill.example.trading.TradingCommandEncoder;
import io.anthill.journal.DurabilityPolicy;
import org.agrona.DirectBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A command through a real single-node partition's ring: ingress claims a slot, the journal stage appends it (NONE
 * durability, so no force), the business logic applies a trading deposit, the egress hands the response to the sink.
 * {@link #roundTrip()} waits for each response before the next submit (the hand-off latency through every stage);
 * {@link #pipelined()} submits {@value #PIPELINE} commands then waits for the last (the ring's throughput when
 * batches form). The ring's stage threads share the 2 cores with the benchmark thread, so the benchmark yields
 * while it waits: spinning ({@code Thread.onSpinWait()}) starved the stages and measured 2.5-3.5 ms per round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingHandOffBenchmark
{
    static final int PIPELINE = 64;
    private static final long SESSION_ID = 5;
    private static final long ACCOUNT_ID = 1;

    private final TradingCommandEncoder commands = new TradingCommandEncoder();
    private final CountingSink sink = new CountingSink();
    private Path directory;
    private Partition partition;
    private int depositLength;
    private long requestId;

    /**
     * Launches the partition and opens the account the deposits go to.
     *
     * @throws IOException if the temporary directory cannot be made.
     */
    @Setup(Level.Trial)
    public void launch() throws IOException
    {
        directory = Files.createTempDirectory("anthill-jmh-ring");
        final ExchangeContext exchange = new ExchangeContext().partitionId(0).partitionCount(1).instrumentCount(1).conclude();
        partition = Partition.launch(new PartitionContext()
            .partitionId(0)
            .stateMachine(new ExchangeStateMachine(exchange))
            .responseSink(sink)
            .journalDirectory(directory.resolve("journal"))
            .snapshotDirectory(directory.resolve("snapshots"))
            .durability(DurabilityPolicy.NONE)
            .snapshotIntervalOps(0));
        submit(commands.openAccount(ACCOUNT_ID));
        awaitResponse(requestId);
        depositLength = commands.deposit(ACCOUNT_ID, 0, 1);
    }

    /**
     * @return the request answered.
     */
    @Benchmark
    public long roundTrip()
    {
        submit(depositLength);
        return awaitResponse(requestId);
    }

    /**
     * @return the last request answered.
     */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public long pipelined()
    {
        for (int i = 0; i < PIPELINE; i++)
        {
            submit(depositLength);
        }
        return awaitResponse(requestId);
    }

    /**
     * Closes the partition and deletes its files.
     *
     * @throws IOException if they cannot be deleted.
     */
    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        partition.close();
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }

    private void submit(final int length)
    {
        requestId++;
        SubmitResult result;
        while ((result = partition.submit(SESSION_ID, requestId, commands.buffer(), 0, length)) == SubmitResult.OVERLOADED)
        {
            Thread.yield();
        }
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("submit refused: " + result);
        }
    }

    private long awaitResponse(final long request)
    {
        long answered;
        while ((answered = sink.answered.get()) < request)
        {
            Thread.yield();
        }
        return answered;
    }

    /**
     * Counts answers on the egress thread; a rejection is a failed run.
     */
    private static final class CountingSink implements ResponseSink
    {
        final AtomicLong answered = new AtomicLong();

        @Override
        public void onResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            answered.lazySet(requestId);
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            throw new IllegalStateException("request " + requestId + " rejected: " + code);
        }
    }
}
