package io.anthill.perf.aeroncluster;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.anthill.perf.cluster.FailoverClock;
import io.anthill.perf.harness.LoadGenerator;
import io.anthill.perf.harness.LoadGeneratorContext;
import io.anthill.perf.harness.LoadResult;
import io.anthill.perf.harness.OperationStats;
import io.anthill.perf.harness.RunReport;
import io.anthill.perf.harness.Scenario;
import io.anthill.perf.harness.ScenarioContext;
import io.anthill.perf.harness.Workload;
import org.agrona.IoUtil;

/**
 * {@code scripts/perf aeron-cluster}: the same measurements as {@code replicated-writes} and {@code failover}, taken on
 * Aeron Cluster (three member processes on 127.0.0.1 running {@link LedgerService}), so issue 8's comparison is made
 * in one run, on one machine, with one load generator: open-loop at 1,000 and 10,000 requests/s, then rising until
 * p99 passes 10 ms, all on one cluster with default timeouts; then a leader kill (SIGKILL by PID) at 1,000/s half-way
 * through a run, once with Aeron's default timeouts and once with timeouts tuned to our engine's, each on a fresh
 * cluster. Every phase ends by checking that the live members' ledgers match. Writes each run's table and
 * {@code .hgrm} under {@code --out}, and the key figures to {@value #SUMMARY_FILE}.
 */
public final class AeronClusterScenario implements Scenario
{
    /** The rates of our {@code replicated-writes}, so the two reports line up step by step. */
    static final long[] RATES_PER_SEC = {1_000, 10_000, 20_000, 50_000, 100_000, 150_000, 200_000, 300_000};
    static final long P99_LIMIT_NS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long SATURATED_P99_NS = 10 * P99_LIMIT_NS;
    static final long FAILOVER_RATE_PER_SEC = 1_000;
    /** With default timeouts followers wait 10 s before an election, so a failover run measures at least this long. */
    static final long DEFAULT_FAILOVER_DURATION_MIN_NS = TimeUnit.SECONDS.toNanos(30);
    static final String OPERATION = "ledger-write";
    static final String SUMMARY_FILE = "aeron-cluster-summary.txt";
    /** Property: which phases to run, comma-separated from {@code rates,failover-default,failover-tuned} (all). */
    static final String PHASES_PROP = "anthill.perf.aeron.phases";
    static final long DIGEST_TIMEOUT_MS = 30_000;

    private final List<String> summary = new ArrayList<>();
    /** Digest requests use ids from the top of the range, this far apart so that resent ones never collide. */
    private static final long DIGEST_ID_SPACING = 1_000_000;
    private long nextDigestRequestId = Long.MAX_VALUE;

    @Override
    public boolean run(final ScenarioContext context) throws IOException
    {
        summary.clear();
        final Set<String> phases = Set.of(System.getProperty(PHASES_PROP, "rates,failover-default,failover-tuned")
            .split(","));
        note(context.out(), String.format(Locale.ROOT, "machine: %d cores, load average %.2f at start",
            Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        boolean passed = true;
        try
        {
            if (phases.contains("rates"))
            {
                passed = runRates(context);
            }
            if (phases.contains("failover-default"))
            {
                runFailover(context, ClusterTimeouts.DEFAULT);
            }
            if (phases.contains("failover-tuned"))
            {
                runFailover(context, ClusterTimeouts.TUNED);
            }
            note(context.out(), String.format(Locale.ROOT, "load average %.2f at end",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        }
        finally
        {
            Files.createDirectories(context.outDir());
            Files.write(context.outDir().resolve(SUMMARY_FILE), summary, StandardCharsets.UTF_8);
            context.out().println("summary written to " +
                context.outDir().resolve(SUMMARY_FILE).toAbsolutePath().normalize());
        }
        return passed;
    }

    private boolean runRates(final ScenarioContext context) throws IOException
    {
        final Path runDir = Files.createTempDirectory("anthill-aeron-cluster");
        final ClusterLayout layout = ClusterLayout.allocate();
        boolean passed = true;
        long bestRate = 0;
        context.out().println("starting 3 Aeron Cluster members (processes), " + ClusterTimeouts.DEFAULT.describe());
        try (MemberProcesses members = MemberProcesses.start(runDir, layout, ClusterTimeouts.DEFAULT))
        {
            for (final long rate : RATES_PER_SEC)
            {
                final long p99Ns;
                final boolean keptUp;
                try (AeronClusterTarget target = new AeronClusterTarget(runDir.resolve("client-" + rate), layout))
                {
                    final LoadResult result = new LoadGenerator(context.newGeneratorContext(), workload(rate), target).run();
                    passed &= RunReport.write(context.name() + " @ " + rate + "/s", result, context.sla(),
                        context.outDir().resolve("rate-" + rate), context.out()).passed() || rate > 10_000;
                    final OperationStats writes = result.subject(OPERATION).orElseThrow();
                    p99Ns = writes.latencyHistogramNs().getValueAtPercentile(99);
                    keptUp = result.throughputPerSec(writes) >= 0.95 * rate;
                    note(context.out(), String.format(Locale.ROOT, "rate %,d/s: achieved %.0f/s, p50 %.2f ms, p99 %.2f ms, " +
                        "p99.9 %.2f ms, max %.2f ms, unanswered %d", rate, result.throughputPerSec(writes),
                        percentileMs(writes, 50), p99Ns / 1e6, percentileMs(writes, 99.9),
                        writes.latencyHistogramNs().getMaxValue() / 1e6, writes.noResponseCount()));
                    checkReplicas(context.out(), members, target);
                }
                if (p99Ns <= P99_LIMIT_NS && keptUp)
                {
                    bestRate = rate;
                }
                if (!keptUp || p99Ns > SATURATED_P99_NS)
                {
                    break;
                }
            }
        }
        finally
        {
            IoUtil.delete(runDir.toFile(), false);
        }
        note(context.out(), String.format(Locale.ROOT, "highest rate with p99 under 10 ms: %,d requests/s", bestRate));
        return passed;
    }

    private void runFailover(final ScenarioContext context, final ClusterTimeouts timeouts) throws IOException
    {
        final long durationNs = timeouts == ClusterTimeouts.DEFAULT ?
            Math.max(context.durationNs(), DEFAULT_FAILOVER_DURATION_MIN_NS) : context.durationNs();
        final Path runDir = Files.createTempDirectory("anthill-aeron-cluster");
        final ClusterLayout layout = ClusterLayout.allocate();
        final String name = "failover-" + timeouts.name().toLowerCase(Locale.ROOT);
        context.out().println("starting 3 Aeron Cluster members (processes), " + timeouts.describe());
        try (MemberProcesses members = MemberProcesses.start(runDir, layout, timeouts);
            AeronClusterTarget target = new AeronClusterTarget(runDir.resolve("client"), layout))
        {
            final LeaderKill kill = LeaderKill.start(members, target, context.warmupNs() + durationNs / 2, context.out());
            final LoadResult result = new LoadGenerator(new LoadGeneratorContext().durationNs(durationNs)
                .warmupNs(context.warmupNs()).conclude(), workload(FAILOVER_RATE_PER_SEC), target).run();
            kill.join();
            RunReport.write(context.name() + " " + name + " @ " + FAILOVER_RATE_PER_SEC + "/s", result, context.sla(),
                context.outDir().resolve(name), context.out());
            reportFailover(context.out(), name, result.subject(OPERATION).orElseThrow(), kill, target);
            checkReplicas(context.out(), members, target);
        }
        finally
        {
            IoUtil.delete(runDir.toFile(), false);
        }
    }

    private void reportFailover(
        final PrintStream out, final String name, final OperationStats writes, final LeaderKill kill,
        final AeronClusterTarget target)
    {
        final FailoverClock outage = target.outage();
        note(out, String.format(Locale.ROOT, "%s: %,d requests sent, %,d answered; killed leader %s; window without " +
            "responses %.0f ms, ending %.0f ms after the kill; %,d requests never answered (lost), %,d not sent; worst " +
            "latency %.0f ms; %d new-leader events, %d reconnects; client errors %s", name, writes.sentCount(),
            writes.successCount(), kill.victim(), outage.windowNs() / 1e6, outage.recoveredAfterKillNs() / 1e6,
            writes.noResponseCount(), writes.notSentCount(), writes.latencyHistogramNs().getMaxValue() / 1e6,
            target.leaderChanges(), target.reconnectCount(), target.clientErrors()));
    }

    private void checkReplicas(final PrintStream out, final MemberProcesses members, final AeronClusterTarget target)
    {
        nextDigestRequestId -= DIGEST_ID_SPACING;
        try
        {
            final long requestId = target.queryDigest(nextDigestRequestId, DIGEST_TIMEOUT_MS).requestId();
            final List<String> lines = ReplicaDigests.await(members, requestId, DIGEST_TIMEOUT_MS);
            lines.forEach(out::println);
            note(out, ReplicaDigests.allMatch(lines) ? "live members' ledgers: MATCH (balances conserved)" :
                "live members' ledgers DIFFER");
        }
        catch (final IllegalStateException ex)
        {
            note(out, "live members' ledgers NOT CHECKED: " + ex.getMessage());
        }
    }

    private void note(final PrintStream out, final String line)
    {
        out.println(line);
        summary.add(line);
    }

    static Workload workload(final long ratePerSec)
    {
        return Workload.builder().sessions(1).partitions(1).write(OPERATION, ratePerSec).build();
    }

    private static double percentileMs(final OperationStats stats, final double percentile)
    {
        return stats.latencyHistogramNs().getValueAtPercentile(percentile) / 1e6;
    }
}
