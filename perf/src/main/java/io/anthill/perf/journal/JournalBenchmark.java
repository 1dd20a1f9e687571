package io.anthill.perf.journal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.anthill.journal.DurabilityPolicy;
import org.HdrHistogram.Histogram;
import org.agrona.IoUtil;

/**
 * The journal benchmark, run by {@code scripts/bench-journal}: append latency until acknowledged (HdrHistogram
 * p50/p99/p99.9/max) per durability policy for 64-byte and 1 KiB bodies, and replay throughput of JournalReader
 * against a bare Chronicle tailer over the same queue in the same run. Not a unit test: figures depend on the disk
 * and on what else runs, so it reports them (to stdout and to {@code --out}) and fails only when replay falls under
 * half the bare tailer's rate, the journal's own target.
 *
 * <p>Options: {@code --out DIR} (default perf-results/journal), {@code --dir DIR} where the queues are written (default
 * a fresh directory under the system temp directory; put it on the disk to measure), {@code --quick} for a smoke run,
 * {@code --replay-only} to skip the append runs, {@code --force-interval-ms N} for INTERVAL (default 10).
 */
public final class JournalBenchmark
{
    static final int[] BODY_LENGTHS = {64, 1024};
    static final int REPLAY_ROUNDS = 9;
    static final double REPLAY_TARGET_RATIO = 0.5;
    static final double NANOS_PER_MICRO = 1e3;
    static final int EXIT_BELOW_TARGET = 1;

    private JournalBenchmark()
    {
    }

    /**
     * Runs every scenario and writes the report.
     *
     * @param args see the class comment.
     * @throws IOException when the report or the queues cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Options options = Options.parse(args);
        final Path work = null == options.dir() ? Files.createTempDirectory("journal-bench") : Files.createDirectories(options.dir());
        Files.createDirectories(options.out());
        final List<String> report = new ArrayList<>();
        report.add("# Journal benchmark " + Instant.now() + ", JDK " + System.getProperty("java.version") + ", " +
            Runtime.getRuntime().availableProcessors() + " cores, queues in " + work);
        report.add("# command: scripts/bench-journal " + String.join(" ", args));
        if (!options.replayOnly())
        {
            appendLatency(options, work, report);
        }
        final int verdict = replayThroughput(options, work, report);
        if (null == options.dir())
        {
            IoUtil.delete(work.toFile(), false);
        }
        final Path reportFile = options.out().resolve("journal-benchmark.txt");
        Files.write(reportFile, report, StandardCharsets.UTF_8);
        report.forEach(System.out::println);
        System.out.println("written " + reportFile);
        if (verdict != 0)
        {
            System.out.println("FAIL: JournalReader replay is below " + REPLAY_TARGET_RATIO + " of a bare tailer reading every byte");
            System.exit(EXIT_BELOW_TARGET);
        }
    }

    /**
     * The command line.
     */
    record Options(Path out, Path dir, boolean quick, boolean replayOnly, long forceIntervalMs)
    {
        static Options parse(final String[] args)
        {
            Path out = Path.of("perf-results", "journal");
            Path dir = null;
            boolean quick = false;
            boolean replayOnly = false;
            long forceIntervalMs = 10;
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--out" -> out = Path.of(args[++i]);
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--quick" -> quick = true;
                    case "--replay-only" -> replayOnly = true;
                    case "--force-interval-ms" -> forceIntervalMs = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: bench-journal " +
                        "[--out DIR] [--dir DIR] [--quick] [--replay-only] [--force-interval-ms N]");
                }
            }
            return new Options(out, dir, quick, replayOnly, forceIntervalMs);
        }

        int scale()
        {
            return quick ? 10 : 1;
        }
    }

    private static void appendLatency(final Options options, final Path work, final List<String> report) throws IOException
    {
        report.add("");
        report.add("## Append latency until acknowledged (append start to endBatch return), microseconds");
        report.add(String.format(Locale.ROOT, "%-16s %6s %9s %9s %9s %9s %10s %12s %8s %10s",
            "policy", "body", "p50", "p99", "p99.9", "max", "entries", "entries/s", "forces", "alloc B"));
        final AppendLatencyRun appendRun = new AppendLatencyRun();
        for (final int bodyLength : BODY_LENGTHS)
        {
            for (final AppendScenario scenario : scenarios(bodyLength, options.scale()))
            {
                final Path queueDir = work.resolve(scenario.name() + "-" + bodyLength);
                final AppendLatencyRun.Result result = appendRun.run(scenario, queueDir, options.forceIntervalMs());
                report.add(format(result));
                System.out.println(report.get(report.size() - 1));
                writeHistogram(options.out().resolve("append-" + scenario.name() + "-" + bodyLength + "B.hgrm"), result.latencyNs());
                IoUtil.delete(queueDir.toFile(), false);
            }
        }
    }

    /**
     * @return 0 when replay reaches the target against the bare tailer reading every byte, else 1.
     */
    private static int replayThroughput(final Options options, final Path work, final List<String> report) throws IOException
    {
        report.add("");
        report.add("## Replay throughput, entries per second of the reading thread's CPU time (wall-clock rate in brackets),");
        report.add("## best of " + REPLAY_ROUNDS + " interleaved rounds over the same queue in the same run");
        report.add(String.format(Locale.ROOT, "%6s %9s %24s %24s %6s %24s %6s %24s", "body", "entries", "JournalReader",
            "bare skim", "ratio", "bare read-all", "ratio", "open scan"));
        int verdict = 0;
        for (final int bodyLength : BODY_LENGTHS)
        {
            final int entries = (bodyLength <= 64 ? 2_000_000 : 500_000) / options.scale();
            final Path queueDir = work.resolve("replay-" + bodyLength);
            final ReplayRun.Result result = new ReplayRun().run(queueDir, bodyLength, entries, REPLAY_ROUNDS);
            final double skimRatio = result.journal().cpuPerSec() / result.skim().cpuPerSec();
            final double readAllRatio = result.journal().cpuPerSec() / result.readAll().cpuPerSec();
            verdict |= readAllRatio < REPLAY_TARGET_RATIO ? 1 : 0;
            report.add(String.format(Locale.ROOT, "%6d %9d %24s %24s %6.2f %24s %6.2f %24s", bodyLength, result.entries(),
                rate(result.journal()), rate(result.skim()), skimRatio, rate(result.readAll()), readAllRatio,
                rate(result.openScan())));
            System.out.println(report.get(report.size() - 1));
            IoUtil.delete(queueDir.toFile(), false);
        }
        return verdict;
    }

    private static String rate(final ReplayRun.Rate rate)
    {
        return String.format(Locale.ROOT, "%,.0f (%,.0f)", rate.cpuPerSec(), rate.wallPerSec());
    }

    static List<AppendScenario> scenarios(final int bodyLength, final int scale)
    {
        final int many = (bodyLength <= 64 ? 400_000 : 200_000) / scale;
        final int fsyncBound = 5_000 / scale;
        return List.of(
            new AppendScenario("NONE", DurabilityPolicy.NONE, 1, bodyLength, many / 4, many),
            new AppendScenario("BATCH-1", DurabilityPolicy.BATCH, 1, bodyLength, fsyncBound / 5, fsyncBound),
            new AppendScenario("BATCH-64", DurabilityPolicy.BATCH, 64, bodyLength, fsyncBound * 4, fsyncBound * 32),
            new AppendScenario("INTERVAL", DurabilityPolicy.INTERVAL, 1, bodyLength, many / 4, many));
    }

    private static String format(final AppendLatencyRun.Result result)
    {
        final Histogram h = result.latencyNs();
        return String.format(Locale.ROOT, "%-16s %6d %9.2f %9.2f %9.2f %9.1f %10d %12.0f %8d %10d",
            result.scenario().name(), result.scenario().bodyLength(),
            h.getValueAtPercentile(50) / NANOS_PER_MICRO, h.getValueAtPercentile(99) / NANOS_PER_MICRO,
            h.getValueAtPercentile(99.9) / NANOS_PER_MICRO, h.getMaxValue() / NANOS_PER_MICRO,
            h.getTotalCount(), result.entriesPerSec(), result.forces(), result.allocatedBytes());
    }

    private static void writeHistogram(final Path file, final Histogram histogramNs) throws IOException
    {
        try (OutputStream stream = Files.newOutputStream(file);
            PrintStream out = new PrintStream(stream, false, StandardCharsets.UTF_8))
        {
            histogramNs.outputPercentileDistribution(out, 5, NANOS_PER_MICRO);
        }
    }

}
