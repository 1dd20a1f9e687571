package io.anthill.perf.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.perf.harness.LoadGenerator;
import io.anthill.perf.harness.LoadResult;
import io.anthill.perf.harness.OperationStats;
import io.anthill.perf.harness.RunReport;
import io.anthill.perf.harness.Scenario;
import io.anthill.perf.harness.ScenarioContext;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The trading mix against the embedded 3-replica cluster: {@code seed-target} (1,000 writes/s + 20,000 reads/s),
 * {@code failover} (the same, with the primary of partition 0 killed half-way through the measured run and
 * restarted later; reports the unavailability window) and {@code max-throughput} (writes rising step by step with
 * 20,000 reads/s alongside, until the SLA breaks). Every run ends by checking that all replicas of every partition
 * converge to the same state digest.
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
        /** Rising write rates. */
        MAX_THROUGHPUT
    }

    static final long SEED_WRITES_PER_SEC = 1_000;
    static final long SEED_READS_PER_SEC = 20_000;
    static final long[] MAX_THROUGHPUT_WRITE_RATES = {1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000};
    static final int SESSIONS = 512;
    static final List<Integer> PARTITIONS = List.of(0, 1);

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
        final Path dataDir = Files.createTempDirectory("anthill-cluster");
        out.printf(Locale.ROOT, "starting 3 replicas (own media driver and journal each, UDP on 127.0.0.1), " +
            "%d partitions, QUORUM writes, BATCH durability...%n", PARTITIONS.size());
        final TradingClusterTarget target = new TradingClusterTarget(dataDir, DurabilityPolicy.BATCH,
            SystemNanoClock.INSTANCE);
        try
        {
            out.printf(Locale.ROOT, "opened and funded %d accounts in every partition; running %,d writes/s + %,d reads/s " +
                "for %d s after %d s warm-up%n", TradingWorkload.ACCOUNT_COUNT, writesPerSec, SEED_READS_PER_SEC,
                TimeUnit.NANOSECONDS.toSeconds(context.durationNs()), TimeUnit.NANOSECONDS.toSeconds(context.warmupNs()));
            final Thread chaos = mode == Mode.FAILOVER ? startChaos(context, target) : null;
            final LoadResult result = new LoadGenerator(context.newGeneratorContext(),
                TradingWorkload.workload(writesPerSec, SEED_READS_PER_SEC, SESSIONS), target).run();
            joinQuietly(chaos);
            final boolean slaPassed = RunReport.write(context.name() + " @ " + writesPerSec + " writes/s", result,
                context.sla(), outDir, out).passed();
            reportFailover(out, target, result);
            out.printf(Locale.ROOT, "requests resent by the client after 1 s without an answer: %,d%n", target.resends());
            final boolean consistent = checkReplicas(out, target);
            return new Outcome(slaPassed, consistent);
        }
        finally
        {
            target.close();
            IoUtil.delete(dataDir.toFile(), false);
        }
    }

    private static Thread startChaos(final ScenarioContext context, final TradingClusterTarget target)
    {
        final long killAfterNs = context.warmupNs() + context.durationNs() / 2;
        final long restartAfterNs = killAfterNs + context.durationNs() / 4;
        final Thread chaos = new Thread(() ->
        {
            final long startNs = System.nanoTime();
            waitUntil(startNs + killAfterNs);
            final int victim = target.knownPrimary(0);
            context.out().printf(Locale.ROOT, "%n>>> killing node %d, the primary of partition 0, mid-run%n", victim);
            target.failover().killed(SystemNanoClock.INSTANCE.nanoTime());
            target.cluster().kill(victim);
            waitUntil(startNs + restartAfterNs);
            context.out().printf(Locale.ROOT, ">>> restarting node %d on its journal: it recovers and catches up%n", victim);
            target.cluster().restart(victim);
        }, "anthill-perf-chaos");
        chaos.setDaemon(true);
        chaos.start();
        return chaos;
    }

    private static void reportFailover(final PrintStream out, final TradingClusterTarget target, final LoadResult result)
    {
        if (target.failover().measured())
        {
            long maxWriteNs = 0;
            for (final OperationStats stats : result.operations())
            {
                if (stats.kind() == io.anthill.perf.harness.OperationKind.WRITE)
                {
                    maxWriteNs = Math.max(maxWriteNs, stats.latencyHistogramNs().getMaxValue());
                }
            }
            out.printf(Locale.ROOT, "failover: longest time without any write acknowledged (unavailability " +
                "window) %.0f ms, ending %.0f ms after the kill; worst write latency %.0f ms%n",
                target.failover().windowNs() / 1e6, target.failover().recoveredAfterKillNs() / 1e6, maxWriteNs / 1e6);
        }
    }

    private static boolean checkReplicas(final PrintStream out, final TradingClusterTarget target)
    {
        for (final int partitionId : PARTITIONS)
        {
            final StringBuilder views = new StringBuilder("partition " + partitionId + " view per replica:");
            for (int i = 0; i < target.cluster().nodeCount(); i++)
            {
                final io.anthill.replication.node.ReplicaNode node = target.cluster().node(i);
                views.append(' ').append(null == node ? "down" : Long.toString(node.view(partitionId)));
            }
            out.println(views);
        }
        final boolean converged = target.cluster().awaitConverged(PARTITIONS, TimeUnit.SECONDS.toMillis(30));
        final long[][] digests = target.cluster().closeAndDigest(PARTITIONS);
        boolean consistent = converged;
        for (int p = 0; p < digests.length; p++)
        {
            final StringBuilder line = new StringBuilder("partition " + PARTITIONS.get(p) + " state digest per replica:");
            for (final long digest : digests[p])
            {
                line.append(String.format(Locale.ROOT, " %016x", digest));
                consistent &= digest == digests[p][0];
            }
            out.println(line);
        }
        out.println(consistent ? "all replicas of every partition hold the same state: MATCH" :
            "replicas DIFFER: a consistency bug; keep the data directory and report it");
        return consistent;
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
