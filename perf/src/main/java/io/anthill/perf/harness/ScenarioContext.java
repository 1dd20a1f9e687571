package io.anthill.perf.harness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the command line gives a scenario, already validated.
 *
 * @param name the scenario's registered name.
 * @param durationNs the measured duration (per step, for stepping scenarios).
 * @param warmupNs the warm-up before measuring.
 * @param outDir where the report files go.
 * @param clusterFile the external cluster to drive, or empty for an embedded or in-process target.
 * @param sla the limits to judge the run by.
 * @param out where to print the report.
 * @param commandCount for scenarios that process a fixed amount of work ({@code replay}): how many commands, or 0 for
 *                     the scenario's default.
 */
public record ScenarioContext(
    String name, long durationNs, long warmupNs, Path outDir, Optional<Path> clusterFile, SlaLimits sla, PrintStream out,
    long commandCount)
{
    /**
     * Generator settings for this scenario's duration and warm-up, everything else at its default.
     *
     * @return a new, concluded context.
     */
    public LoadGeneratorContext newGeneratorContext()
    {
        return new LoadGeneratorContext().durationNs(durationNs).warmupNs(warmupNs).conclude();
    }
}
