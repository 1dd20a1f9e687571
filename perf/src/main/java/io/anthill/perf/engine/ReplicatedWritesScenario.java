package io.anthill.perf.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.perf.harness.LoadGenerator;
import io.anthill.perf.harness.LoadResult;
import io.anthill.perf.harness.OperationStats;
import io.anthill.perf.harness.RunReport;
import io.anthill.perf.harness.Scenario;
import io.anthill.perf.harness.ScenarioContext;
import io.anthill.perf.harness.Workload;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Quorum-committed writes to a 3-replica group on loopback (BATCH durability on every replica), open loop: 1,000 and
 * 10,000 writes/s, then rising rates while the group keeps up; reports the highest rate whose p99 stayed under 10 ms.
 * The search does not stop at the first step over the limit: with BATCH durability a higher rate puts more entries
 * in each fsync, so p99 can fall as the rate rises; it stops once the group cannot keep up or p99 passes ten times
 * the limit. Every step runs on a fresh cluster so request ids never repeat within a session table.
 */
public final class ReplicatedWritesScenario implements Scenario
{
    static final long[] RATES_PER_SEC = {1_000, 10_000, 20_000, 50_000, 100_000, 150_000, 200_000, 300_000};
    static final long P99_LIMIT_NS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long SATURATED_P99_NS = 10 * P99_LIMIT_NS;
    static final int SESSION_COUNT = 1024;
    /** Property: the replicas' journal durability for this scenario, BATCH by default (NONE shows the fsync's share). */
    static final String DURABILITY_PROP = "anthill.perf.durability";

    @Override
    public boolean run(final ScenarioContext context) throws IOException
    {
        boolean passed = true;
        long bestRate = 0;
        for (final long rate : RATES_PER_SEC)
        {
            final LoadResult result = runStep(context, rate);
            passed &= RunReport.write(context.name() + " @ " + rate + "/s", result, context.sla(),
                context.outDir().resolve("rate-" + rate), context.out()).passed() || rate > 10_000;
            final OperationStats writes = result.subject("quorum-write").orElseThrow();
            final long p99Ns = writes.latencyHistogramNs().getValueAtPercentile(99);
            final boolean keptUp = result.throughputPerSec(writes) >= 0.95 * rate;
            if (p99Ns <= P99_LIMIT_NS && keptUp)
            {
                bestRate = rate;
            }
            else
            {
                context.out().printf(Locale.ROOT, "rate %,d/s: p99 %.2f ms, achieved %.0f/s: over the limit%n",
                    rate, p99Ns / 1e6, result.throughputPerSec(writes));
            }
            if (!keptUp || p99Ns > SATURATED_P99_NS)
            {
                break;
            }
        }
        context.out().printf(Locale.ROOT, "highest rate with quorum-write p99 under 10 ms: %,d writes/s%n", bestRate);
        return passed;
    }

    private static LoadResult runStep(final ScenarioContext context, final long ratePerSec) throws IOException
    {
        final Workload workload = Workload.builder().sessions(SESSION_COUNT).partitions(1).write("quorum-write", ratePerSec)
            .build();
        final Path dataDir = Files.createTempDirectory("anthill-perf-replicated");
        try (ReplicatedClusterTarget target = new ReplicatedClusterTarget(dataDir,
            DurabilityPolicy.valueOf(System.getProperty(DURABILITY_PROP, DurabilityPolicy.BATCH.name())),
            SystemNanoClock.INSTANCE))
        {
            final LoadResult result = new LoadGenerator(context.newGeneratorContext(), workload, target).run();
            context.out().printf(Locale.ROOT, "rate %,d/s: %,d requests resent after a time-out%n", ratePerSec,
                target.resends());
            return result;
        }
        finally
        {
            IoUtil.delete(dataDir.toFile(), false);
        }
    }

}
