package io.anthill.perf.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import io.anthill.engine.DigestFile;
import io.anthill.engine.PartitionDigests;
import io.anthill.example.trading.TradingReplayDomain;
import io.anthill.perf.harness.Scenario;
import io.anthill.perf.harness.ScenarioContext;
import io.anthill.perf.harness.SlaLimit;
import io.anthill.perf.harness.SlaMetric;

/**
 * {@code scripts/perf replay}: rebuilds the trading read models from journals of {@value #COMMANDS_DEFAULT} commands
 * (or {@code --commands N}) over {@value #PARTITION_COUNT} partitions, one replay thread each, through the same code
 * as {@code scripts/replay}, and reports commands/s against the goal of {@value #COMMANDS_PER_SECOND_GOAL}.
 * <p>
 * The journals are generated once, deterministically ({@link TradingJournalWriter}), and cached under
 * {@code perf-results/replay-journals}, so reruns measure the replay only. Writes {@code replay-summary.properties}
 * (figures and digests) to {@code --out}. The SLA file holds the error-rate limit (commands the state machine threw
 * on); the throughput goal is here because the SLA format limits latencies, not rates.
 */
public final class ReplayScenario implements Scenario
{
    /** Commands when {@code --commands} is not given: the "at least 10,000,000". */
    public static final long COMMANDS_DEFAULT = 10_000_000;
    /** The throughput goal of the replay, all partitions together. */
    public static final long COMMANDS_PER_SECOND_GOAL = 2_000_000;
    static final int PARTITION_COUNT = 2;
    static final int INSTRUMENT_COUNT = 4;
    static final long SEED = 0x5EED_0000_2026L;
    /** Bump when {@link TradingJournalWriter} changes what it writes, so stale caches are not reused. */
    static final int JOURNAL_FORMAT = 4;
    private static final Path CACHE_ROOT = Path.of("perf-results", "replay-journals");
    private static final String COMPLETE_MARKER = "complete";

    @Override
    public boolean run(final ScenarioContext context) throws IOException
    {
        final PrintStream out = context.out();
        final long commands = context.commandCount() > 0 ? context.commandCount() : COMMANDS_DEFAULT;
        final Path journals = CACHE_ROOT.resolve("trading-" + commands + "-v" + JOURNAL_FORMAT);
        ensureJournals(journals, commands, out);

        final TradingReplayDomain domain = new TradingReplayDomain(PARTITION_COUNT, INSTRUMENT_COUNT);
        final List<PartitionReplay> replays = new ArrayList<>();
        for (int p = 0; p < PARTITION_COUNT; p++)
        {
            replays.add(new PartitionReplay(journalDir(journals, p), p, ReplayOptions.SNAPSHOT_NONE, journals, Long.MAX_VALUE,
                domain.newStateMachine(p), domain.newProjections(p), Map.of()));
        }
        out.printf("replay: rebuilding %d read models of %d partitions from %,d journaled commands in %s%n",
            domain.newProjections(0).size(), PARTITION_COUNT, commands, journals);
        final long startNs = System.nanoTime();
        final List<PartitionDigests> digests = ReplayMain.runAll(replays, new ReplayProgress(out, false, replays, startNs));
        final long elapsedNs = System.nanoTime() - startNs;

        long replayed = 0;
        long events = 0;
        long errors = 0;
        long cpuNs = 0;
        for (final PartitionReplay replay : replays)
        {
            cpuNs += replay.cpuTimeNs();
            replayed += replay.doneOps();
            events += replay.replay().eventsApplied();
            errors += replay.replay().stateMachineErrors();
        }
        final double rate = replayed * 1e9 / elapsedNs;
        final double errorRate = (double)errors / replayed;
        final double errorRateMax = errorRateLimit(context);
        final boolean passed = rate >= COMMANDS_PER_SECOND_GOAL && errorRate <= errorRateMax;
        out.printf("replay: %,d commands (%,d events) in %.2f s = %,.0f commands/s (goal >= %,d): %s%n", replayed, events,
            elapsedNs / 1e9, rate, COMMANDS_PER_SECOND_GOAL, rate >= COMMANDS_PER_SECOND_GOAL ? "PASS" : "FAIL");
        out.printf("replay: replay threads used %.2f s of CPU: %,.0f commands per CPU-second (%,.0f commands/s on %d " +
            "uncontended cores)%n", cpuNs / 1e9, replayed * 1e9 / cpuNs, PARTITION_COUNT * replayed * 1e9 / cpuNs, PARTITION_COUNT);
        out.printf("replay: state machine errors %,d (limit %.4f of commands): %s%n", errors, errorRateMax,
            errorRate <= errorRateMax ? "PASS" : "FAIL");
        for (final PartitionDigests partition : digests)
        {
            out.printf("replay: partition %d at op %,d, state digest %s%n", partition.partitionId(), partition.op(),
                PartitionDigests.hex(partition.stateDigest()));
        }
        final Map<String, String> figures = new LinkedHashMap<>();
        figures.put("commands", Long.toString(replayed));
        figures.put("events", Long.toString(events));
        figures.put("partitions", Integer.toString(PARTITION_COUNT));
        figures.put("elapsedMs", Long.toString(elapsedNs / 1_000_000));
        figures.put("commandsPerSecond", Long.toString((long)rate));
        figures.put("replayCpuMs", Long.toString(cpuNs / 1_000_000));
        figures.put("commandsPerCpuSecond", Long.toString((long)(replayed * 1e9 / cpuNs)));
        figures.put("commandsPerSecondGoal", Long.toString(COMMANDS_PER_SECOND_GOAL));
        figures.put("stateMachineErrors", Long.toString(errors));
        figures.put("verdict", passed ? "PASS" : "FAIL");
        final Path summary = context.outDir().resolve("replay-summary.properties");
        DigestFile.write(summary, figures, digests);
        out.println("replay: figures and digests written to " + summary);
        return passed;
    }

    private static double errorRateLimit(final ScenarioContext context)
    {
        for (final SlaLimit limit : context.sla().limits())
        {
            if (limit.metric() == SlaMetric.ERROR_RATE)
            {
                return limit.limit();
            }
        }
        return 0;
    }

    private static Path journalDir(final Path journals, final int partitionId)
    {
        return journals.resolve("partition-" + partitionId).resolve("journal");
    }

    private static void ensureJournals(final Path journals, final long commands, final PrintStream out) throws IOException
    {
        if (Files.exists(journals.resolve(COMPLETE_MARKER)))
        {
            out.println("replay: reusing the cached journals in " + journals);
            return;
        }
        deleteTree(journals);
        out.printf("replay: writing %,d commands of trading journals to %s (once; later runs reuse them)%n", commands, journals);
        final long startNs = System.nanoTime();
        final ExecutorService executor = Executors.newFixedThreadPool(PARTITION_COUNT);
        try
        {
            final List<Future<Long>> written = new ArrayList<>();
            for (int p = 0; p < PARTITION_COUNT; p++)
            {
                final int partitionId = p;
                final long share = commands / PARTITION_COUNT + (p < commands % PARTITION_COUNT ? 1 : 0);
                written.add(executor.submit(() -> new TradingJournalWriter(partitionId, PARTITION_COUNT, INSTRUMENT_COUNT, SEED)
                    .write(journalDir(journals, partitionId), share)));
            }
            for (final Future<Long> future : written)
            {
                future.get();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing journals", ex);
        }
        catch (final ExecutionException ex)
        {
            throw new IOException("cannot write the replay journals in " + journals, ex.getCause());
        }
        finally
        {
            executor.shutdownNow();
        }
        Files.writeString(journals.resolve(COMPLETE_MARKER), "commands=" + commands + "\n");
        out.printf("replay: journals written in %.1f s%n", (System.nanoTime() - startNs) / 1e9);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
