package io.anthill.perf.harness;

import java.io.IOException;

import org.agrona.concurrent.SystemNanoClock;

/**
 * Runs the whole path (generator, histograms, SLA verdict, table, {@code .hgrm}, PNG, summary) against a target that
 * answers at once, so every microsecond measured is the harness's own: its pacing, its idle strategy, its recording.
 * If this scenario cannot meet the SLA, no cluster measurement with the same settings can be trusted.
 */
final class SelfTestScenario implements Scenario
{
    static final int SESSION_COUNT = 64;
    static final int PARTITION_COUNT = 8;

    /**
     * The mixed workload of the self-test and the stepping demo: 1,000 writes/s and 20,000 reads/s.
     */
    static Workload workload()
    {
        return Workload.builder()
            .sessions(SESSION_COUNT)
            .partitions(PARTITION_COUNT)
            .write("order", 600)
            .write("cancel", 300)
            .write("deposit", 100)
            .read("balance", 15_000)
            .read("bookDepth", 5_000)
            .build();
    }

    @Override
    public boolean run(final ScenarioContext context) throws IOException
    {
        final LoadGeneratorContext generatorContext = context.newGeneratorContext();
        try (LoadTarget target = SimulatedTarget.immediate(SystemNanoClock.INSTANCE))
        {
            final LoadResult result = new LoadGenerator(generatorContext, workload(), target).run();
            return RunReport.write(context.name(), result, context.sla(), context.outDir(), context.out()).passed();
        }
    }
}
