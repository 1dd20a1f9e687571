package io.anthill.perf.engine;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.perf.harness.LoadGenerator;
import io.anthill.perf.harness.LoadResult;
import io.anthill.perf.harness.RunReport;
import io.anthill.perf.harness.Scenario;
import io.anthill.perf.harness.ScenarioContext;
import io.anthill.perf.harness.Workload;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Commands through one whole partition ring (ingress, Chronicle journal with BATCH durability, business logic,
 * egress) at fixed open-loop rates of 1,000, 10,000 and 100,000 commands/s, one run per rate, each judged by the SLA
 * and reported with its GC count.
 */
public final class SingleNodeScenario implements Scenario
{
    /** The rates the issue asks for, commands per second. */
    static final long[] RATES_PER_SEC = {1_000, 10_000, 100_000};
    static final int SESSION_COUNT = 64;

    @Override
    public boolean run(final ScenarioContext context) throws IOException
    {
        boolean passed = true;
        for (final long rate : RATES_PER_SEC)
        {
            passed &= runStep(context, rate);
        }
        return passed;
    }

    private static boolean runStep(final ScenarioContext context, final long ratePerSec) throws IOException
    {
        final Workload workload = Workload.builder().sessions(SESSION_COUNT).partitions(1).write("command", ratePerSec)
            .build();
        final Path stepDir = context.outDir().resolve("rate-" + ratePerSec);
        final Path dataDir = Files.createTempDirectory("anthill-perf-single-node");
        final long gcBefore = gcCount();
        final LoadResult result;
        try (PartitionTarget target = new PartitionTarget(dataDir, DurabilityPolicy.BATCH, SystemNanoClock.INSTANCE))
        {
            result = new LoadGenerator(context.newGeneratorContext(), workload, target).run();
            context.out().printf(Locale.ROOT, "rate %,d/s: journal batches %,d for %,d commands (%.1f per force)%n",
                ratePerSec, target.partition().counters().journalBatches(), target.partition().counters().commandsAccepted(),
                target.partition().counters().commandsAccepted() /
                (double)Math.max(1, target.partition().counters().journalBatches()));
        }
        finally
        {
            IoUtil.delete(dataDir.toFile(), false);
        }
        context.out().printf(Locale.ROOT, "rate %,d/s: GC collections during the step: %d%n", ratePerSec,
            gcCount() - gcBefore);
        return RunReport.write(context.name() + " @ " + ratePerSec + "/s", result, context.sla(), stepDir,
            context.out()).passed();
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
