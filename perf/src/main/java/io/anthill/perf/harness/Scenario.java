package io.anthill.perf.harness;

import java.io.IOException;

/**
 * One named perf scenario ({@code self-test}, {@code seed-target}, {@code max-throughput}, {@code failover}...): it
 * builds a workload and a target, runs the generator, reports, and says whether the SLA held.
 *
 * <p>Scenarios are listed in {@link ScenarioRegistry#standard()}; {@link PerfMain} runs one by name.
 */
@FunctionalInterface
public interface Scenario
{
    /**
     * Runs the scenario and writes its report.
     *
     * @param context the command line's settings: duration, output directory, SLA, cluster file.
     * @return true if the SLA held; {@link PerfMain} exits non-zero otherwise.
     * @throws IOException if a report file cannot be written or the cluster file read.
     */
    boolean run(ScenarioContext context) throws IOException;
}
