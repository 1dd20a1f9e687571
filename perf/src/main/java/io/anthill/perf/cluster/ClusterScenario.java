package io.anthill.perf.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.perf.harness.LoadGenerator;
import io.anthill.perf.harness.LoadResult;
import io.anthill.perf.harness.OperationKind;
import io.anthill.perf.harness.OperationStats;
import io.anthill.perf.harness.RunReport;
import io.anthill.perf.harness.Scenario;
import io.anthill.perf.harness.ScenarioContext;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The trading mix against the embedded 3-replica cluster, or with {@code --cluster FILE} against an external one
 * through the client library: {@code seed-target} (1,000 writes/s + 20,000 reads/s),
 * {@code failover} (the same, with the primary of partition 0 killed half-way through the measured run and
 * restarted later; reports the unavailability window), {@code step-down} (the same load with a planned step-down of
 * every partition's primary half-way: nothing may fail) and {@code max-throughput} (writes rising step by step with
 * 20,000 reads/s alongside, until the SLA breaks). Every run ends by checking that all replicas of every partition
 * converge to the same state: by their state digests in process, by their read models' answers through the client
 * for an external cluster ({@link TradingCluster#compareReplicas}).
 */
public final class ClusterScenario implements Scenario
{
    /** What to run. */
    public enum Mode
    {
        /** The design target, steady. */
        SEED_TARGET,
        /** The design target with a primary kill and a restart. */
        FAILOVER,
        /** The design target with a planned step-down of every partition's primary. */
        STEP_DOWN,
        /** Rising write rates. */
        MAX_THROUGHPUT
    }

    static final long SEED_WRITES_PER_SEC = 1_000;
    static final long SEED_READS_PER_SEC = 20_000;
    static final long[] MAX_THROUGHPUT_WRITE_RATES = {1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000};
    static final int SESSIONS = 512;

    private final Mode mode;

    /**
     * @param mode what to run.
     */
    public ClusterScenario(final Mode mode)
    {
        this.mode = mode;
    }

    @Override
    public boolean run(final ScenarioContext context) throws IOException
    {
        if (mode != Mode.MAX_THROUGHPUT)
        {
            final Outcome outcome = runOnce(context, SEED_WRITES_PER_SEC, context.outDir());
            return outcome.slaPassed && outcome.consistent;
        }
        long best = 0;
        boolean consistent = true;
        for (final long rate : MAX_THROUGHPUT_WRITE_RATES)
        {
            final Outcome outcome = runOnce(context, rate, context.outDir().resolve("writes-" + rate));
            consistent &= outcome.consistent;
            if (!outcome.slaPassed)
            {
                break;
            }
            best = rate;
        }
        context.out().printf(Locale.ROOT, "%nhighest write rate with the SLA holding (and 20,000 reads/s): %,d writes/s%n",
            best);
        return best > 0 && consistent;
    }

    private Outcome runOnce(final ScenarioContext context, final long writesPerSec, final Path outDir) throws IOException
    {
        final PrintStream out = context.out();
        final Path dataDir = context.clusterFile().isEmpty() ? Files.createTempDirectory("anthill-cluster") : null;
        try (TradingCluster target = open(context, dataDir))
        {
            out.printf(Locale.ROOT, "driving %s%nopened and funded %d accounts in every partition; running %,d writes/s + " +
                "%,d reads/s for %d s after %d s warm-up%n", target.description(), TradingWorkload.ACCOUNT_COUNT,
                writesPerSec, SEED_READS_PER_SEC, TimeUnit.NANOSECONDS.toSeconds(context.durationNs()),
                TimeUnit.NANOSECONDS.toSeconds(context.warmupNs()));
            final Thread chaos = mode == Mode.FAILOVER ? startChaos(context, target) :
                mode == Mode.STEP_DOWN ? startStepDowns(context, target) : null;
            final LoadResult result = new LoadGenerator(context.newGeneratorContext(),
                TradingWorkload.workload(writesPerSec, SEED_READS_PER_SEC, SESSIONS), target).run();
            joinQuietly(chaos);
            final boolean slaPassed = RunReport.write(context.name() + " @ " + writesPerSec + " writes/s", result,
                context.sla(), outDir, out).passed();
            reportFailover(out, target.failover(), result, mode == Mode.STEP_DOWN ? "the step-downs" : "the kill");
            target.printCounts(out);
            final boolean consistent = target.compareReplicas(out);
            out.println(consistent ? "all replicas of every partition hold the same state: MATCH" :
                "replicas DIFFER: a consistency bug; keep the data directories and report it");
            return new Outcome(slaPassed, consistent);
        }
        finally
        {
            if (null != dataDir)
            {
                IoUtil.delete(dataDir.toFile(), false);
            }
        }
    }

    private TradingCluster open(final ScenarioContext context, final Path dataDir)
    {
        if (context.clusterFile().isPresent())
        {
            return ExternalTradingTarget.connect(context.clusterFile().get(), mode == Mode.FAILOVER, context.out());
        }
        context.out().printf(Locale.ROOT, "starting 3 replicas (own media driver and journal each, UDP on 127.0.0.1), " +
            "%d partitions, QUORUM writes, BATCH durability...%n", TradingWorkload.PARTITION_COUNT);
        return new TradingClusterTarget(dataDir, DurabilityPolicy.BATCH, SystemNanoClock.INSTANCE);
    }

    private static Thread startChaos(final ScenarioContext context, final TradingCluster target)
    {
        final long killAfterNs = context.warmupNs() + context.durationNs() / 2;
        final long restartAfterNs = killAfterNs + context.durationNs() / 4;
        final Thread chaos = new Thread(() ->
        {
            final long startNs = System.nanoTime();
            waitUntil(startNs + killAfterNs);
            final String victim = target.killPrimary(0);
            context.out().printf(Locale.ROOT, "%n>>> killed %s, the primary of partition 0, mid-run%n", victim);
            waitUntil(startNs + restartAfterNs);
            context.out().printf(Locale.ROOT, ">>> restarting %s on its journal: it recovers and catches up%n", victim);
            target.restartKilled();
        }, "anthill-perf-chaos");
        chaos.setDaemon(true);
        chaos.start();
        return chaos;
    }

    private static Thread startStepDowns(final ScenarioContext context, final TradingCluster target)
    {
        final long stepDownAfterNs = context.warmupNs() + context.durationNs() / 2;
        final Thread stepDowns = new Thread(() ->
        {
            waitUntil(System.nanoTime() + stepDownAfterNs);
            for (int partitionId = 0; partitionId < TradingWorkload.PARTITION_COUNT; partitionId++)
            {
                context.out().printf(Locale.ROOT, "%n>>> step-down of partition %d's primary mid-run: %s%n", partitionId,
                    target.stepDownPrimary(partitionId));
            }
        }, "anthill-perf-step-down");
        stepDowns.setDaemon(true);
        stepDowns.start();
        return stepDowns;
    }

    private static void reportFailover(
        final PrintStream out, final FailoverClock failover, final LoadResult result, final String event)
    {
        if (failover.measured())
        {
            long maxWriteNs = 0;
            for (final OperationStats stats : result.operations())
            {
                if (stats.kind() == OperationKind.WRITE)
                {
                    maxWriteNs = Math.max(maxWriteNs, stats.latencyHistogramNs().getMaxValue());
                }
            }
            out.printf(Locale.ROOT, "failover: longest time without any write acknowledged (unavailability " +
                "window) %.0f ms, ending %.0f ms after %s; worst write latency %.0f ms%n",
                failover.windowNs() / 1e6, failover.recoveredAfterKillNs() / 1e6, event, maxWriteNs / 1e6);
        }
    }

    private static void waitUntil(final long deadlineNs)
    {
        while (System.nanoTime() - deadlineNs < 0)
        {
            final long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            try
            {
                Thread.sleep(Math.max(1, Math.min(remainingMs, 100)));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void joinQuietly(final Thread thread)
    {
        if (null == thread)
        {
            return;
        }
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }


    private record Outcome(boolean slaPassed, boolean consistent)
    {
    }
}
