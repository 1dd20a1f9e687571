package io.anthill.replication.sim;

import java.util.EnumMap;
import java.util.Map;

import io.anthill.replication.core.ProtocolDefect;

/**
 * Command line of the simulator (scripts/simulate): {@code --seed S} replays one seed and prints its report;
 * {@code --seeds N [--first F]} runs a batch and prints a summary. Options: {@code --faults LIST|all|none},
 * {@code --replicas 3|5}, {@code --groups G}, {@code --clients C},
 * {@code --fault-seconds S}, {@code --defect NAME} (a deliberately broken variant).
 * Exit status 1 when any seed fails.
 */
public final class SimulationMain
{
    private SimulationMain()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        final SimConfig base = new SimConfig();
        Long single = null;
        long seeds = 20;
        long first = 1;
        for (int i = 0; i < args.length; i++)
        {
            final String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--seed":
                    single = Long.parseLong(value);
                    i++;
                    break;
                case "--seeds":
                    seeds = Long.parseLong(value);
                    i++;
                    break;
                case "--first":
                    first = Long.parseLong(value);
                    i++;
                    break;
                case "--faults":
                    base.faults = FaultType.parse(value);
                    i++;
                    break;
                case "--replicas":
                    base.replicas = Integer.parseInt(value);
                    i++;
                    break;
                case "--groups":
                    base.groups = Integer.parseInt(value);
                    i++;
                    break;
                case "--verbose":
                    base.verbose = true;
                    break;
                case "--clients":
                    base.clientsPerGroup = Integer.parseInt(value);
                    i++;
                    break;
                case "--fault-seconds":
                    base.faultPhaseNs = Long.parseLong(value) * 1_000_000_000L;
                    i++;
                    break;
                case "--defect":
                    if ("SKIP_CHECKSUM".equals(value))
                    {
                        base.logSkipsChecksum = true;
                    }
                    else
                    {
                        base.defect = ProtocolDefect.valueOf(value);
                    }
                    i++;
                    break;
                default:
                    System.err.println("usage: simulate (--seed S | --seeds N [--first F]) [--faults LIST] [--replicas 3|5] " +
                        "[--groups G] [--clients C] [--fault-seconds S] [--defect NAME]");
                    System.exit(2);
            }
        }
        final boolean passed = single != null ? runOne(base, single) : runBatch(base, first, seeds);
        System.exit(passed ? 0 : 1);
    }

    private static boolean runOne(final SimConfig base, final long seed)
    {
        final SimulationResult result = new Simulation(base.copy().seed(seed)).run();
        System.out.println(result.summaryLine());
        System.out.print(result.report());
        return result.passed;
    }

    private static boolean runBatch(final SimConfig base, final long first, final long count)
    {
        final BatchSummary summary = runSeeds(base, first, count, true);
        System.out.print(summary.format());
        return summary.failedSeeds == 0;
    }

    static BatchSummary runSeeds(final SimConfig base, final long first, final long count, final boolean print)
    {
        final BatchSummary summary = new BatchSummary();
        final long startNs = System.nanoTime();
        for (long seed = first; seed < first + count; seed++)
        {
            final SimConfig config = base.copy().seed(seed);
            config.keepTraceText = false;
            SimulationResult result = new Simulation(config).run();
            if (!result.passed)
            {
                config.keepTraceText = true;
                result = new Simulation(config).run(); // replay with trace text for the report
                if (print)
                {
                    System.out.print(result.report());
                }
            }
            summary.add(result);
        }
        summary.wallNs = System.nanoTime() - startNs;
        return summary;
    }

    /** Totals of a batch. */
    static final class BatchSummary
    {
        long seedsRun;
        long failedSeeds;
        long firstFailedSeed = -1;
        long simulatedNs;
        long acknowledged;
        long viewChanges;
        long snapshotsInstalled;
        long wallNs;
        final Map<FaultType, Long> faults = new EnumMap<>(FaultType.class);

        void add(final SimulationResult result)
        {
            seedsRun++;
            simulatedNs += result.simulatedNs;
            acknowledged += result.acknowledged;
            viewChanges += result.viewChanges;
            snapshotsInstalled += result.snapshotsInstalled;
            result.faultsInjected.forEach((type, n) -> faults.merge(type, n, Long::sum));
            if (!result.passed)
            {
                failedSeeds++;
                if (firstFailedSeed < 0)
                {
                    firstFailedSeed = result.config.seed;
                }
            }
        }

        String format()
        {
            return String.format("seeds run: %d, failed: %d%s%nsimulated time: %.1f s (%.2f h), wall %.1f s, %.1f seeds/s%n" +
                "acknowledged writes: %d, view changes: %d, snapshots installed from peers: %d%nfaults injected: %s%n",
                seedsRun, failedSeeds, failedSeeds > 0 ? " (first failing seed " + firstFailedSeed + ")" : "",
                simulatedNs / 1e9, simulatedNs / 3.6e12, wallNs / 1e9, seedsRun / (wallNs / 1e9), acknowledged, viewChanges,
                snapshotsInstalled, faults);
        }
    }
}
