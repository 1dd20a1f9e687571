package io.anthill.perf.edges;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.anthill.codecs.client.ConnectEncoder;
import io.anthill.codecs.client.MessageHeaderEncoder;
import io.anthill.engine.Partition;
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
import org.agrona.IoUtil;
import org.agrona.ExpandableArrayBuffer;

/**
 * Issue 4's read benchmark: one node, one partition with BATCH durability and one read model, driven open loop
 * through the real client-protocol edges (SBE frames into the ingress decoder, frames out of egress and the read
 * model's thread). Each round runs 1,000 writes/s alone and the same writes with 20,000 reads/s (half ANY, half
 * LINEARIZABLE), alternating which goes first; on a shared 2-core machine one run's p99 swings by multiples, so the
 * verdict compares the median over rounds of the write p99 with and without reads, and the table merges every
 * round's histograms. An unreported mixed run warms the JVM first.
 * <p>
 * Arguments: {@code [rounds=5] [durationSeconds=10] [warmupSeconds=3]}.
 */
public final class ReadWriteMixBenchmark
{
    private static final int SESSIONS = 64;
    private static final int WRITES_PER_SECOND = 1_000;
    private static final int READS_PER_SECOND_EACH = 10_000;
    private static final String WRITE = "deposit";
    private static final String ALONE = "writes alone";
    private static final String MIXED = "writes + 20k reads/s";

    private ReadWriteMixBenchmark()
    {
    }

    /**
     * @param args rounds, duration and warm-up in seconds.
     * @throws IOException if a temporary journal directory cannot be made.
     */
    public static void main(final String[] args) throws IOException
    {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final long durationS = args.length > 1 ? Long.parseLong(args[1]) : 10;
        final long warmupS = args.length > 2 ? Long.parseLong(args[2]) : 3;
        final Workload writesOnly = Workload.builder().sessions(SESSIONS).write(WRITE, WRITES_PER_SECOND).build();
        final Workload mixed = Workload.builder().sessions(SESSIONS)
            .write(WRITE, WRITES_PER_SECOND)
            .read("readAny", READS_PER_SECOND_EACH)
            .read("readLinearizable", READS_PER_SECOND_EACH)
            .build();
        final int[] roles = {NodeFrameTarget.WRITE, NodeFrameTarget.READ_ANY, NodeFrameTarget.READ_LINEARIZABLE};

        final Map<String, Merged> merged = new LinkedHashMap<>();
        final Map<String, List<Double>> writeP99sUs = new LinkedHashMap<>();
        writeP99sUs.put(ALONE, new ArrayList<>());
        writeP99sUs.put(MIXED, new ArrayList<>());
        final Map<String, List<Double>> logicCpuNsPerWrite = new LinkedHashMap<>();
        logicCpuNsPerWrite.put(ALONE, new ArrayList<>());
        logicCpuNsPerWrite.put(MIXED, new ArrayList<>());
        final List<Double> readModelCpuNsPerRead = new ArrayList<>();
        run(mixed, roles, durationS, warmupS);
        for (int round = 0; round < rounds; round++)
        {
            final boolean aloneFirst = round % 2 == 0;
            for (final String name : aloneFirst ? List.of(ALONE, MIXED) : List.of(MIXED, ALONE))
            {
                final long gcBefore = gcCount();
                final Run run = run(ALONE.equals(name) ? writesOnly : mixed, roles, durationS, warmupS);
                final LoadResult result = run.result;
                final long gcs = gcCount() - gcBefore;
                logicCpuNsPerWrite.get(name).add(run.logicCpuNsPerWrite);
                if (MIXED.equals(name))
                {
                    readModelCpuNsPerRead.add(run.readModelCpuNsPerRead);
                }
                for (final OperationStats stats : result.operations())
                {
                    merged.computeIfAbsent(name + "|" + stats.subject(), key -> new Merged()).add(stats, gcs);
                    if (WRITE.equals(stats.subject()))
                    {
                        writeP99sUs.get(name).add(stats.latencyHistogramNs().getValueAtPercentile(99) / 1_000.0);
                    }
                }
            }
        }
        report(System.out, merged, writeP99sUs, rounds, durationS);
        System.out.printf("business-logic thread CPU per write (median): alone %.0f ns, with reads %.0f ns (%+.1f %%); " +
            "read-model thread CPU per read (median, events included): %.0f ns%n", median(logicCpuNsPerWrite.get(ALONE)),
            median(logicCpuNsPerWrite.get(MIXED)), 100.0 * (median(logicCpuNsPerWrite.get(MIXED)) -
            median(logicCpuNsPerWrite.get(ALONE))) / median(logicCpuNsPerWrite.get(ALONE)), median(readModelCpuNsPerRead));
    }

    private static void report(
        final PrintStream out, final Map<String, Merged> merged, final Map<String, List<Double>> writeP99sUs,
        final int rounds, final long durationS)
    {
        out.printf("%n%d rounds of %d s per configuration; histograms merged over rounds%n", rounds, durationS);
        out.printf("%-22s %-17s %9s %9s %9s %9s %9s %s%n", "configuration", "operation", "answered", "p50 us", "p99 us",
            "p99.9 us", "max us", "errors, GCs");
        merged.forEach((key, value) ->
        {
            final String[] parts = key.split("\\|");
            final Histogram histogram = value.histogram;
            out.printf("%-22s %-17s %9d %9.1f %9.1f %9.1f %9.1f %s, %d%n", parts[0], parts[1], value.answered,
                histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
                histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3, value.errors, value.gcs);
        });
        final double alone = median(writeP99sUs.get(ALONE));
        final double withReads = median(writeP99sUs.get(MIXED));
        out.printf("%nwrite p99 per round, alone: %s us%nwrite p99 per round, with reads: %s us%n",
            format(writeP99sUs.get(ALONE)), format(writeP99sUs.get(MIXED)));
        out.printf("median write p99: alone %.1f us, with 20k reads/s %.1f us: %+.1f %% (limit +10 %%)%n", alone,
            withReads, 100.0 * (withReads - alone) / alone);
    }

    private static Run run(final Workload workload, final int[] roles, final long durationS, final long warmupS)
        throws IOException
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
            final Partition partition = node.partition(0);
            final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            final Thread logic = stage(partition, "business-logic");
            final Thread readModel = stage(partition, "projection-balances");
            final long logicCpuBeforeNs = threads.getThreadCpuTime(logic.getId());
            final long readModelCpuBeforeNs = threads.getThreadCpuTime(readModel.getId());
            final long appliedBefore = partition.appliedOp();
            final long readsBefore = partition.counters().queriesServed();
            final LoadResult result = new LoadGenerator(new LoadGeneratorContext()
                .durationNs(TimeUnit.SECONDS.toNanos(durationS))
                .warmupNs(TimeUnit.SECONDS.toNanos(warmupS)), workload, target).run();
            final double logicCpuNsPerWrite = (double)(threads.getThreadCpuTime(logic.getId()) - logicCpuBeforeNs) /
                Math.max(1, partition.appliedOp() - appliedBefore);
            final double readModelCpuNsPerRead = (double)(threads.getThreadCpuTime(readModel.getId()) -
                readModelCpuBeforeNs) / Math.max(1, partition.counters().queriesServed() - readsBefore);
            if (target.lostResponses() > 0)
            {
                throw new IllegalStateException(target.lostResponses() + " responses lost by the benchmark's own ring");
            }
            return new Run(result, logicCpuNsPerWrite, readModelCpuNsPerRead);
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private static Thread stage(final Partition partition, final String stageName)
    {
        return partition.stageThreads().stream().filter(thread -> thread.getName().endsWith(stageName)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no stage thread " + stageName));
    }

    /**
     * One run's latencies and the CPU its business-logic and read-model threads spent: CPU time is the measure of
     * "reads do not slow the business logic" that a shared, noisy machine does not blur.
     */
    private record Run(LoadResult result, double logicCpuNsPerWrite, double readModelCpuNsPerRead)
    {
    }

    private static double median(final List<Double> values)
    {
        final List<Double> sorted = values.stream().sorted().toList();
        final int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static String format(final List<Double> values)
    {
        return values.stream().map(value -> String.format("%.0f", value)).toList().toString();
    }

    /**
     * One operation's results merged over rounds.
     */
    private static final class Merged
    {
        final Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        final Map<String, Long> errors = new LinkedHashMap<>();
        long answered;
        long gcs;

        void add(final OperationStats stats, final long gcCount)
        {
            histogram.add(stats.latencyHistogramNs());
            answered += stats.successCount();
            stats.errorCountsByName().forEach((code, count) -> errors.merge(code, count, Long::sum));
            gcs += gcCount;
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

    private static long gcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

}
