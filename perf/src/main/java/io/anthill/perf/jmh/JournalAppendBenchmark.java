package io.anthill.perf.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.anthill.codecs.journal.ClientCommandEncoder;
import io.anthill.codecs.journal.MessageHeaderEncoder;
import io.anthill.example.trading.TradingCommandEncoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One journal append of a trading limit order's journal body with NONE durability (no force: the cost of the
 * checksum, the Chronicle document and the op index), with {@code endBatch()} every {@value #BATCH} appends as the
 * journal stage calls it. A fresh journal per trial in a temporary directory, deleted afterwards.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JournalAppendBenchmark
{
    private static final int BATCH = 64;

    private final ExpandableArrayBuffer body = new ExpandableArrayBuffer(256);
    private Path directory;
    private Journal journal;
    private int bodyLength;
    private long op;

    /**
     * Opens an empty journal and encodes the body once.
     *
     * @throws IOException if the temporary directory cannot be made.
     */
    @Setup(Level.Trial)
    public void open() throws IOException
    {
        directory = Files.createTempDirectory("anthill-jmh-journal");
        journal = Journal.open(new JournalContext().directory(directory).partitionId(0).durability(DurabilityPolicy.NONE));
        final TradingCommandEncoder commands = new TradingCommandEncoder();
        final int payloadLength = commands.limitOrder(42, 7, 1, Side.BUY, TimeInForce.GTC, 1_000, 10, 0);
        bodyLength = MessageHeaderEncoder.ENCODED_LENGTH + new ClientCommandEncoder()
            .wrapAndApplyHeader(body, 0, new MessageHeaderEncoder())
            .sessionId(11).requestId(1).putPayload(commands.buffer(), 0, payloadLength).encodedLength();
        op = journal.lastOp();
    }

    /**
     * @return the op appended.
     */
    @Benchmark
    public long append()
    {
        journal.append(1, ++op, op * 1_000, body, 0, bodyLength);
        if ((op & (BATCH - 1)) == 0)
        {
            journal.endBatch();
        }
        return op;
    }

    /**
     * Closes and deletes the journal.
     *
     * @throws IOException if it cannot be deleted.
     */
    @TearDown(Level.Trial)
    public void close() throws IOException
    {
        journal.close();
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
