package io.anthill.perf.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/perf SCENARIO [--duration S] [--warmup S] [--out DIR] [--sla FILE] [--cluster FILE] [--commands N]}: runs one
 * registered scenario, prints its table and exits 0 if the SLA held, 1 if it failed, 2 on a usage error.
 * The SLA defaults to {@code perf/sla/SCENARIO.properties}, the output to {@code perf-results/SCENARIO}.
 */
public final class PerfMain
{
    static final int EXIT_PASSED = 0;
    static final int EXIT_SLA_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private PerfMain()
    {
    }

    /**
     * @param args the command line.
     * @throws IOException when a report cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        System.exit(run(args, ScenarioRegistry.standard(), System.out, System.err));
    }

    /**
     * Runs a scenario as the command line would, without exiting.
     *
     * @param args the command line.
     * @return the exit status.
     * @throws IOException when a report cannot be written.
     */
    public static int run(final String[] args) throws IOException
    {
        return run(args, ScenarioRegistry.standard(), System.out, System.err);
    }

    /**
     * Runs a scenario as the command line would, printing where it is told (tests read both streams).
     *
     * @param args     the command line.
     * @param registry the scenarios.
     * @param out      where the report goes.
     * @param err      where usage errors and refusals go.
     * @return the exit status.
     * @throws IOException when a report cannot be written.
     */
    public static int run(final String[] args, final ScenarioRegistry registry, final PrintStream out, final PrintStream err)
        throws IOException
    {
        if (args.length == 0 || args[0].startsWith("--"))
        {
            return usage(registry, err, "name a scenario");
        }
        final Optional<ScenarioRegistry.Entry> entry = registry.find(args[0]);
        if (entry.isEmpty())
        {
            return usage(registry, err, "unknown scenario '" + args[0] + "'");
        }
        Duration duration = entry.get().defaultDuration();
        Duration warmup = Duration.ofNanos(LoadGeneratorContext.WARMUP_NS_DEFAULT);
        Path outDir = Path.of("perf-results", args[0]);
        Path sla = Path.of("perf", "sla", args[0] + ".properties");
        Optional<Path> cluster = Optional.empty();
        long commandCount = 0;
        for (int i = 1; i < args.length; i += 2)
        {
            if (i + 1 >= args.length)
            {
                return usage(registry, err, args[i] + " needs a value");
            }
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(value));
                case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(value));
                case "--out" -> outDir = Path.of(value);
                case "--sla" -> sla = Path.of(value);
                case "--cluster" -> cluster = Optional.of(Path.of(value));
                case "--commands" -> commandCount = Long.parseLong(value);
                default ->
                {
                    return usage(registry, err, "unknown option " + args[i]);
                }
            }
        }
        if (cluster.isPresent() && !entry.get().usesCluster())
        {
            return usage(registry, err, "scenario '" + args[0] + "' does not take --cluster");
        }
        if (cluster.isPresent() && !Files.isRegularFile(cluster.get()))
        {
            return usage(registry, err, "no cluster file at " + cluster.get());
        }
        if (!Files.isRegularFile(sla))
        {
            return usage(registry, err, "SLA file " + sla + " not found; pass --sla FILE (run from the repository root)");
        }
        final ScenarioContext context = new ScenarioContext(args[0], duration.toNanos(), warmup.toNanos(), outDir, cluster,
            SlaLimits.load(sla), out, commandCount);
        try
        {
            return entry.get().scenario().run(context) ? EXIT_PASSED : EXIT_SLA_FAILED;
        }
        catch (final IllegalArgumentException ex)
        {
            // a scenario's refusal of its input (a bad cluster file, a cluster it cannot kill), with what to do
            err.println("perf: " + ex.getMessage());
            return EXIT_USAGE;
        }
    }

    private static int usage(final ScenarioRegistry registry, final PrintStream err, final String problem)
    {
        err.println("perf: " + problem);
        err.println("usage: scripts/perf SCENARIO [--duration S] [--warmup S] [--out DIR] [--sla FILE] [--cluster FILE] [--commands N]");
        err.println("scenarios:");
        for (final ScenarioRegistry.Entry entry : registry.entries())
        {
            err.printf("  %-24s %s (default %d s)%n", entry.name(), entry.description(),
                TimeUnit.NANOSECONDS.toSeconds(entry.defaultDuration().toNanos()));
        }
        return EXIT_USAGE;
    }
}
