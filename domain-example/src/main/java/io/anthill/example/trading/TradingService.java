package io.anthill.example.trading;

import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.DigestFile;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.PartitionDigests;
import io.anthill.engine.Projection;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.example.trading.codecs.AccountResponseDecoder;
import io.anthill.example.trading.codecs.BookDepthReportDecoder;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.OrderResponseDecoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * Runs the example exchange on an embedded default, with nothing to set up: {@link #PARTITION_COUNT} partitions in
 * this process, each with its journal and snapshots under a data directory, a scripted client session, then the read
 * models' view of each book. Run it twice and the second run first recovers the first run's state from the journals.
 * It shows the whole embedding in one place; a real service would put a network gateway where the script is.
 * <p>
 * Run it with {@code scripts/lib/java-run domain-example io.anthill.example.trading.TradingService}; the data
 * directory is the {@value #DATA_DIR_PROP} system property, default {@value #DATA_DIR_DEFAULT}.
 */
public final class TradingService implements AutoCloseable
{
    /**
     * System property naming the data directory.
     */
    public static final String DATA_DIR_PROP = "anthill.example.dir";

    /**
     * Default data directory, relative to the working directory.
     */
    public static final String DATA_DIR_DEFAULT = "anthill-data/trading";

    /**
     * Partitions of the embedded deployment.
     */
    public static final int PARTITION_COUNT = 2;

    /**
     * Instruments of the embedded deployment, ids 1 to 4, spread over the partitions by {@link InstrumentPartitioner}.
     */
    public static final int INSTRUMENT_COUNT = 4;

    /**
     * The file in the data directory that holds the digests of the last run, for {@code scripts/replay --verify-against}.
     */
    public static final String DIGEST_FILE_NAME = "digests.properties";

    private static final long AWAIT_TIMEOUT_MS = 30_000;
    private static final int DEPTH_LEVELS = 5;

    private final ExchangeContext[] exchanges = new ExchangeContext[PARTITION_COUNT];
    private final BookDepthProjection[] depths = new BookDepthProjection[PARTITION_COUNT];
    private final Partition[] partitions = new Partition[PARTITION_COUNT];
    private final List<List<Projection>> readModels = new ArrayList<>();
    private final PrintingSink sink = new PrintingSink();
    private final TradingCommandEncoder commands = new TradingCommandEncoder();
    private final long sessionId = System.currentTimeMillis();
    private long requestId;

    private TradingService(final Path dataDirectory)
    {
        for (int p = 0; p < PARTITION_COUNT; p++)
        {
            exchanges[p] = new ExchangeContext().partitionId(p).partitionCount(PARTITION_COUNT).instrumentCount(INSTRUMENT_COUNT)
                .conclude();
            depths[p] = new BookDepthProjection(exchanges[p]);
            readModels.add(List.of(new BalancesProjection(exchanges[p]), new OpenOrdersProjection(exchanges[p]), depths[p],
                new TradeTapeProjection()));
            final Path partitionDirectory = dataDirectory.resolve("partition-" + p);
            final PartitionContext context = new PartitionContext().partitionId(p);
            readModels.get(p).forEach(context::addProjection);
            partitions[p] = Partition.launch(context
                .stateMachine(new ExchangeStateMachine(exchanges[p]))
                .journalDirectory(partitionDirectory.resolve("journal"))
                .snapshotDirectory(partitionDirectory.resolve("snapshots"))
                .responseSink(sink));
        }
    }

    /**
     * Launches the partitions, runs the scripted session, closes, and prints each book's depth.
     *
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        run(Path.of(System.getProperty(DATA_DIR_PROP, DATA_DIR_DEFAULT)));
    }

    static void run(final Path dataDirectory)
    {
        System.out.println("Anthill trading example: " + PARTITION_COUNT + " partitions, data in " + dataDirectory.toAbsolutePath());
        final TradingService service = new TradingService(dataDirectory);
        try (service)
        {
            service.runScriptedSession();
        }
        service.printBooks();
        service.writeDigests(dataDirectory.resolve(DIGEST_FILE_NAME));
    }

    /**
     * Writes every partition's state and read-model digests once the partitions are closed (read models drained), so
     * that an offline rebuild can be checked against this run: {@code scripts/replay --journal
     * DATA/partition-0/journal DATA/partition-1/journal --projection all --verify-against DATA/digests.properties}.
     */
    private void writeDigests(final Path file)
    {
        final List<PartitionDigests> digests = new ArrayList<>();
        for (int p = 0; p < PARTITION_COUNT; p++)
        {
            digests.add(PartitionDigests.of(p, partitions[p].appliedOp(), partitions[p].stateDigest(), readModels.get(p)));
        }
        try
        {
            DigestFile.write(file, Map.of(), digests);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
        System.out.println("state and read-model digests written to " + file);
    }

    /**
     * Two accounts in every partition: a seller who rests a ladder of offers (one of them GTD), and a buyer who lifts
     * part of it with a limit and a market order. Commands go to the partition that owns their instrument.
     */
    void runScriptedSession()
    {
        final long seller = 1;
        final long buyer = 2;
        for (int p = 0; p < PARTITION_COUNT; p++)
        {
            for (final long accountId : new long[]{seller, buyer})
            {
                submit(p, commands.openAccount(accountId));
                submit(p, commands.deposit(accountId, TradingLimits.CASH_ASSET_ID, 1_000_000));
            }
        }
        for (int instrumentId = 1; instrumentId <= INSTRUMENT_COUNT; instrumentId++)
        {
            final int p = InstrumentPartitioner.partitionOf(instrumentId, PARTITION_COUNT);
            submit(p, commands.deposit(seller, instrumentId, 100));
            for (int level = 0; level < DEPTH_LEVELS; level++)
            {
                submit(p, commands.limitOrder(seller, level, instrumentId, Side.SELL, TimeInForce.GTC, 100 + level, 10, 0));
            }
            submit(p, commands.limitOrder(buyer, 100, instrumentId, Side.BUY, TimeInForce.GTC, 101, 15, 0));
            submit(p, commands.marketOrder(buyer, 101, instrumentId, Side.BUY, 8, 1_000));
        }
        sink.awaitAnswers(requestId);
    }

    /**
     * Stops taking commands and closes every partition: journals forced, read models drained.
     */
    @Override
    public void close()
    {
        for (final Partition partition : partitions)
        {
            if (partition != null)
            {
                partition.close();
            }
        }
    }

    private void submit(final int partitionId, final int length)
    {
        requestId++;
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
        SubmitResult result;
        while ((result = partitions[partitionId].submit(sessionId, requestId, commands.buffer(), 0, length)) == SubmitResult.OVERLOADED)
        {
            idle.idle();
        }
        if (result != SubmitResult.ACCEPTED)
        {
            throw new IllegalStateException("partition " + partitionId + " refused request " + requestId + ": " + result);
        }
    }

    /**
     * Reads the depth read models once their partitions are closed: while running, a read model belongs to its thread.
     */
    private void printBooks()
    {
        final ExpandableArrayBuffer report = new ExpandableArrayBuffer(512);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final BookDepthReportDecoder depth = new BookDepthReportDecoder();
        for (int instrumentId = 1; instrumentId <= INSTRUMENT_COUNT; instrumentId++)
        {
            final int p = InstrumentPartitioner.partitionOf(instrumentId, PARTITION_COUNT);
            final int length = commands.queryBookDepth(instrumentId, DEPTH_LEVELS);
            depths[p].onQuery(commands.buffer(), 0, length, report, 0);
            depth.wrapAndApplyHeader(report, 0, header);
            final StringBuilder line = new StringBuilder("instrument " + instrumentId + " (partition " + p + ") bids:");
            for (final BookDepthReportDecoder.BidsDecoder bid : depth.bids())
            {
                line.append(' ').append(bid.quantityLots()).append('@').append(bid.priceTicks());
            }
            line.append("  asks:");
            for (final BookDepthReportDecoder.AsksDecoder ask : depth.asks())
            {
                line.append(' ').append(ask.quantityLots()).append('@').append(ask.priceTicks());
            }
            System.out.println(line);
        }
    }

    /**
     * Prints each answer as it leaves its partition and counts them. Every partition's egress thread calls it, so the
     * shared decoders are guarded; a gateway would instead hand answers to its own network thread.
     */
    private static final class PrintingSink implements ResponseSink
    {
        private final AtomicLong answers = new AtomicLong();
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final AccountResponseDecoder accountResponse = new AccountResponseDecoder();
        private final OrderResponseDecoder orderResponse = new OrderResponseDecoder();

        @Override
        public synchronized void onResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            header.wrap(buffer, offset);
            if (header.templateId() == OrderResponseDecoder.TEMPLATE_ID)
            {
                orderResponse.wrapAndApplyHeader(buffer, offset, header);
                System.out.printf("request %d: %s order %d %s, filled %d, resting %d%n", requestId, orderResponse.result(),
                    orderResponse.orderId(), orderResponse.status(), orderResponse.filledLots(), orderResponse.remainingLots());
            }
            else if (header.templateId() == AccountResponseDecoder.TEMPLATE_ID)
            {
                accountResponse.wrapAndApplyHeader(buffer, offset, header);
                System.out.printf("request %d: %s account %d asset %d balance %d%n", requestId, accountResponse.result(),
                    accountResponse.accountId(), accountResponse.assetId(), accountResponse.balance());
            }
            answers.incrementAndGet();
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            System.out.printf("request %d refused by the engine: %s%n", requestId, code);
            answers.incrementAndGet();
        }

        void awaitAnswers(final long count)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(AWAIT_TIMEOUT_MS);
            final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 1_000_000);
            while (answers.get() < count)
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("only " + answers.get() + " of " + count + " commands answered");
                }
                idle.idle();
            }
        }
    }
}
