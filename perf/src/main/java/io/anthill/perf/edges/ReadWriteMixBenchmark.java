package io.anthill.perf.edges;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.anthill.codecs.client.ConnectEncoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.engine.PartitionContext;
import io.anthill.engine.node.ClientIngressAdapter;
import io.anthill.engine.node.Node;
import io.anthill.engine.node.NodeContext;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.perf.harness.LoadGenerator;
import io.anthill.perf.harness.LoadGeneratorContext;
import io.anthill.perf.harness.LoadResult;
import io.anthill.perf.harness.OperationStats;
import io.anthill.perf.harness.Workload;
import org.HdrHistogram.Histogram;
import org.agrona.ExpandableArrayBuffer;

/**
 * Issue 4's read benchmark: one node, one partition with BATCH durability and one read model, driven open loop
 * through the real client-protocol edges (SBE frames into the ingress decoder, frames out of egress and the read
 * model's thread). After an unreported warm-up run, it runs 1,000 writes/s alone, then the same writes with 20,000
 * reads/s (half ANY, half LINEARIZABLE), then the writes alone again (the spread between the two write-only runs is the machine's noise),
 * and prints read and write percentiles side by side and the change of write p99 that reads cause.
 * <p>
 * Arguments: {@code [durationSeconds=20] [warmupSeconds=5]}.
 */
public final class ReadWriteMixBenchmark
{
    private static final int SESSIONS = 64;
    private static final int WRITES_PER_SECOND = 1_000;
    private static final int READS_PER_SECOND_EACH = 10_000;

    private ReadWriteMixBenchmark()
    {
    }

    /**
     * @param args duration and warm-up in seconds.
     * @throws IOException if the temporary journal directory cannot be made or removed.
     */
    public static void main(final String[] args) throws IOException
    {
        final long durationS = args.length > 0 ? Long.parseLong(args[0]) : 20;
        final long warmupS = args.length > 1 ? Long.parseLong(args[1]) : 5;
        final PrintStream out = System.out;
        final Workload writesOnly = Workload.builder().sessions(SESSIONS).write("deposit", WRITES_PER_SECOND).build();
        final Workload mixed = Workload.builder().sessions(SESSIONS)
            .write("deposit", WRITES_PER_SECOND)
            .read("readAny", READS_PER_SECOND_EACH)
            .read("readLinearizable", READS_PER_SECOND_EACH)
            .build();
        final int[] roles = {NodeFrameTarget.WRITE, NodeFrameTarget.READ_ANY, NodeFrameTarget.READ_LINEARIZABLE};

        final List<String[]> rows = new ArrayList<>();
        run("warm-up (not reported)", mixed, roles, durationS, warmupS, new ArrayList<>());
        final double writeP99Before = run("writes alone", writesOnly, roles, durationS, warmupS, rows);
        final double writeP99Mixed = run("writes + 20k reads/s", mixed, roles, durationS, warmupS, rows);
        final double writeP99After = run("writes alone, again", writesOnly, roles, durationS, warmupS, rows);

        out.printf("%n%-22s %-17s %8s %9s %9s %9s %9s %9s %7s %4s%n", "run", "operation", "rate/s", "answered",
            "p50 us", "p99 us", "p99.9 us", "max us", "errors", "GCs");
        rows.forEach(row -> out.printf("%-22s %-17s %8s %9s %9s %9s %9s %9s %7s %4s%n", (Object[])row));
        final double baseline = Math.min(writeP99Before, writeP99After);
        out.printf("%nwrite p99: alone %.1f / %.1f us, with reads %.1f us: %+.1f %% against the better write-only run " +
            "(limit +10 %%); write-only runs differ by %.1f %% (noise)%n", writeP99Before, writeP99After, writeP99Mixed,
            100.0 * (writeP99Mixed - baseline) / baseline,
            100.0 * Math.abs(writeP99Before - writeP99After) / baseline);
    }

    private static double run(
        final String name, final Workload workload, final int[] roles, final long durationS, final long warmupS,
        final List<String[]> rows) throws IOException
    {
        final Path dir = Files.createTempDirectory("anthill-edges-bench");
        final NodeFrameTarget target = new NodeFrameTarget(0, roles);
        final NodeContext ctx = new NodeContext()
            .hostIndex(1)
            .hostAddresses(List.of("in-process"))
            .partitionCount(1)
            .adminCredential("benchmark-admin-credential".getBytes(StandardCharsets.US_ASCII))
            .frameSink(target)
            .partitionFactory(partitionId -> new PartitionContext()
                .partitionId(partitionId)
                .stateMachine(new BenchLedger())
                .addProjection(new BenchBalances())
                .journalDirectory(dir.resolve("journal"))
                .snapshotDirectory(dir.resolve("snapshots"))
                .durability(DurabilityPolicy.BATCH)
                .snapshotIntervalOps(0));
        try (Node node = Node.launch(ctx))
        {
            node.addPartition(0);
            final ClientIngressAdapter ingress = node.newIngressAdapter();
            connectSessions(ingress);
            target.bind(ingress);
            final long gcBefore = gcCount();
            final LoadResult result = new LoadGenerator(new LoadGeneratorContext()
                .durationNs(TimeUnit.SECONDS.toNanos(durationS))
                .warmupNs(TimeUnit.SECONDS.toNanos(warmupS)), workload, target).run();
            final long gcs = gcCount() - gcBefore;
            double writeP99 = 0;
            for (final OperationStats stats : result.operations())
            {
                final Histogram histogram = stats.latencyHistogramNs();
                rows.add(new String[]{name, stats.subject(), String.valueOf(stats.offeredRatePerSec()),
                    String.valueOf(stats.successCount()), micros(histogram.getValueAtPercentile(50)),
                    micros(histogram.getValueAtPercentile(99)), micros(histogram.getValueAtPercentile(99.9)),
                    micros(histogram.getMaxValue()), errors(stats), String.valueOf(gcs)});
                if ("deposit".equals(stats.subject()))
                {
                    writeP99 = histogram.getValueAtPercentile(99) / 1_000.0;
                }
            }
            if (target.lostResponses() > 0)
            {
                throw new IllegalStateException(target.lostResponses() + " responses lost by the benchmark's own ring");
            }
            return writeP99;
        }
        finally
        {
            deleteRecursively(dir);
        }
    }

    private static void connectSessions(final ClientIngressAdapter ingress)
    {
        final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(128);
        final ConnectEncoder connect = new ConnectEncoder();
        for (long sessionId = 1; sessionId <= SESSIONS; sessionId++)
        {
            connect.wrapAndApplyHeader(frame, 0, new MessageHeaderEncoder()).sessionId(sessionId).responseStreamId(1)
                .responseChannel("in-process").putCredential(new byte[0], 0, 0);
            ingress.onFrame(frame, 0, MessageHeaderEncoder.ENCODED_LENGTH + connect.encodedLength());
        }
    }

    private static String errors(final OperationStats stats)
    {
        return stats.errorCount() == 0 ? "0" : stats.errorCount() + " " + stats.errorCountsByName();
    }

    private static String micros(final long nanos)
    {
        return String.format("%.1f", nanos / 1_000.0);
    }

    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static void deleteRecursively(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
