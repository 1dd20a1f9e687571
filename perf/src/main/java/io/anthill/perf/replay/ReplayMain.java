package io.anthill.perf.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.anthill.engine.DigestFile;
import io.anthill.engine.PartitionDigests;
import io.anthill.engine.Projection;
import io.anthill.engine.ReplayDomain;
import io.anthill.engine.StateMachine;
import io.anthill.journal.JournalCorruptedException;

/**
 * {@code scripts/replay}: rebuilds read models offline from partitions' journals through the same business logic a
 * live node runs (side effects suppressed), one thread per journal, and prints the count, the time, the state digest
 * and each read model's digest; writes them to {@code --out} and checks them against a digest file with
 * {@code --verify-against}. Exit codes: {@value #EXIT_OK} done (and matching), {@value #EXIT_MISMATCH} a digest
 * differs, {@value #EXIT_USAGE} a usage error, {@value #EXIT_FAILED} the replay failed (journal missing or corrupt).
 */
public final class ReplayMain
{
    public static final int EXIT_OK = 0;
    public static final int EXIT_MISMATCH = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_FAILED = 3;
    static final String DIGEST_FILE_NAME = "replay-digests.properties";
    /** Set by scripts/replay from {@code [ -t 1 ]}: whether stdout is a terminal, so progress redraws in place. */
    static final String TERMINAL_PROP = "anthill.replay.terminal";
    private static final Pattern PARTITION_DIR = Pattern.compile("partition-(\\d+)");

    private ReplayMain()
    {
    }

    /**
     * @param args the command line, see {@link ReplayOptions#USAGE}.
     */
    public static void main(final String[] args)
    {
        final String terminal = System.getProperty(TERMINAL_PROP);
        System.exit(run(args, System.out, System.err, null == terminal ? null != System.console() : Boolean.parseBoolean(terminal)));
    }

    /**
     * Runs the tool.
     *
     * @param args     the command line.
     * @param out      where progress and results go.
     * @param err      where problems go.
     * @param terminal true to redraw the progress line in place, false to print a line every few seconds.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err, final boolean terminal)
    {
        final ReplayOptions options;
        final List<PartitionReplay> replays;
        final Map<Integer, PartitionDigests> reference;
        final LiveVerification live;
        try
        {
            options = ReplayOptions.parse(args);
            final ReplayDomain domain = findDomain(options.domain());
            live = options.cluster().isPresent() ? LiveVerification.fetch(options.cluster().get(),
                options.verifyAgainst().orElseThrow(), partitionIds(options), System.getenv()) : null;
            reference = null == live && options.verifyAgainst().isPresent() ?
                readReference(options.verifyAgainst().get()) : Map.of();
            replays = buildReplays(options, domain, reference, live);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("replay: " + ex.getMessage());
            err.println(ReplayOptions.USAGE);
            return EXIT_USAGE;
        }
        catch (final ReplayException ex)
        {
            err.println("replay: " + ex.getMessage());
            return EXIT_FAILED;
        }
        final long startNs = System.nanoTime();
        final List<PartitionDigests> results;
        try
        {
            results = runAll(replays, new ReplayProgress(out, terminal, replays, startNs));
        }
        catch (final ReplayException ex)
        {
            err.println("replay: " + ex.getMessage());
            return EXIT_FAILED;
        }
        final long elapsedNs = System.nanoTime() - startNs;
        final int exitCode = report(options, replays, results, reference, elapsedNs, out, err);
        return null == live || exitCode != EXIT_OK ? exitCode : live.verify(replays, out, err);
    }

    private static List<Integer> partitionIds(final ReplayOptions options)
    {
        if (!options.partitionIds().isEmpty())
        {
            return options.partitionIds();
        }
        return options.journals().stream().map(ReplayMain::inferPartition).toList();
    }

    private static ReplayDomain findDomain(final Optional<String> name)
    {
        final Map<String, ReplayDomain> domains = new LinkedHashMap<>();
        ServiceLoader.load(ReplayDomain.class).forEach(domain -> domains.put(domain.name(), domain));
        if (domains.isEmpty())
        {
            throw new ReplayException("no replay domain on the class path (a module providing io.anthill.engine.ReplayDomain)");
        }
        if (name.isPresent())
        {
            final ReplayDomain domain = domains.get(name.get());
            if (null == domain)
            {
                throw new IllegalArgumentException("unknown domain '" + name.get() + "'; known: " + String.join(", ", domains.keySet()));
            }
            return domain;
        }
        if (domains.size() > 1)
        {
            throw new IllegalArgumentException("several domains are installed; pass --domain one of " +
                String.join(", ", domains.keySet()));
        }
        return domains.values().iterator().next();
    }

    private static Map<Integer, PartitionDigests> readReference(final String source)
    {
        final Path file = Path.of(source);
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("digest file not found: " + source + " (to verify against a live host, " +
                "pass its name and the cluster file: --verify-against host-N --cluster FILE)");
        }
        try
        {
            return DigestFile.read(file);
        }
        catch (final IOException ex)
        {
            throw new ReplayException("cannot read digest file " + file + ": " + ex.getMessage());
        }
    }

    private static List<PartitionReplay> buildReplays(
        final ReplayOptions options, final ReplayDomain domain, final Map<Integer, PartitionDigests> reference,
        final LiveVerification live)
    {
        final List<String> known = domain.newProjections(0).stream().map(Projection::name).toList();
        final boolean all = options.projections().contains(ReplayOptions.ALL_PROJECTIONS);
        final boolean none = options.projections().equals(List.of(ReplayOptions.NO_PROJECTIONS));
        for (final String name : options.projections())
        {
            if (!all && !none && !known.contains(name))
            {
                throw new IllegalArgumentException("unknown projection '" + name + "' of domain " + domain.name() +
                    "; known: " + String.join(", ", known) + " (or all, or none)");
            }
        }
        final List<PartitionReplay> replays = new ArrayList<>();
        for (int i = 0; i < options.journals().size(); i++)
        {
            final Path journal = options.journals().get(i);
            if (!Files.isDirectory(journal))
            {
                throw new ReplayException("journal directory not found: " + journal + " (pass a partition's journal " +
                    "directory, e.g. DATA/partition-0/journal)");
            }
            final int partitionId = options.partitionIds().isEmpty() ? inferPartition(journal) : options.partitionIds().get(i);
            final List<Projection> projections;
            final StateMachine stateMachine;
            try
            {
                stateMachine = domain.newStateMachine(partitionId);
                projections = domain.newProjections(partitionId).stream()
                    .filter(projection -> all || options.projections().contains(projection.name())).toList();
            }
            catch (final RuntimeException ex)
            {
                throw new ReplayException("domain " + domain.name() + " cannot build partition " + partitionId + " of " +
                    journal + ": " + ex.getMessage());
            }
            long toOp = options.toOp();
            if (toOp == Long.MAX_VALUE && reference.containsKey(partitionId))
            {
                // compare like with like: stop where the reference was taken
                toOp = reference.get(partitionId).op();
            }
            if (null != live)
            {
                // stop where the host's furthest read model is; each read model's digest is taken at its own op
                toOp = live.lastOp(partitionId);
            }
            final Path snapshots = options.snapshotsDir().orElse(journal.toAbsolutePath().getParent().resolve("snapshots"));
            replays.add(new PartitionReplay(journal, partitionId, options.snapshot(), snapshots, toOp, stateMachine,
                projections, null == live ? Map.of() : live.checkpointOps(partitionId)));
        }
        return replays;
    }

    private static int inferPartition(final Path journal)
    {
        for (final Path element : journal.toAbsolutePath().normalize())
        {
            final Matcher matcher = PARTITION_DIR.matcher(element.toString());
            if (matcher.matches())
            {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IllegalArgumentException("cannot tell the partition of journal " + journal +
            " from its path (no partition-N directory): pass --partition N");
    }

    static List<PartitionDigests> runAll(final List<PartitionReplay> replays, final ReplayProgress progress)
    {
        final int threads = Math.min(replays.size(), Runtime.getRuntime().availableProcessors());
        final ExecutorService executor = Executors.newFixedThreadPool(threads, task ->
        {
            final Thread thread = new Thread(task, "replay");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            final List<Future<PartitionDigests>> futures = new ArrayList<>();
            replays.forEach(replay -> futures.add(executor.submit(replay)));
            final List<PartitionDigests> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++)
            {
                results.add(await(futures.get(i), replays.get(i), progress));
            }
            progress.finish();
            return results;
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    private static PartitionDigests await(
        final Future<PartitionDigests> future, final PartitionReplay replay, final ReplayProgress progress)
    {
        while (true)
        {
            try
            {
                return future.get(progress.intervalNs(), TimeUnit.NANOSECONDS);
            }
            catch (final TimeoutException ex)
            {
                progress.update(System.nanoTime());
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new ReplayException("interrupted while replaying partition " + replay.partitionId());
            }
            catch (final ExecutionException ex)
            {
                progress.finish();
                throw failure(replay, ex.getCause());
            }
        }
    }

    private static ReplayException failure(final PartitionReplay replay, final Throwable cause)
    {
        final String partition = "partition " + replay.partitionId() + ": ";
        if (cause instanceof JournalCorruptedException corrupted)
        {
            return new ReplayException(partition + "corrupt entry in " + corrupted.file() + " at op " + corrupted.op() + ": " +
                corrupted.reason() + " (restore this partition's journal from another replica; replay with --to " +
                (corrupted.op() - 1) + " to rebuild up to the entry before it)");
        }
        if (cause instanceof RuntimeException)
        {
            final String hint = replay.snapshotOp() > 0 && !replay.readModelsWithoutHistory().isEmpty() ?
                "; read models " + replay.readModelsWithoutHistory() + " are not in the snapshot and miss the events " +
                "before op " + (replay.snapshotOp() + 1) + ", so one that needs them fails: use --snapshot none" : "";
            return new ReplayException(partition + cause + " (journal " + replay.journalDir() + ")" + hint);
        }
        if (cause instanceof Error error)
        {
            throw error;
        }
        return new ReplayException(partition + cause);
    }

    private static int report(
        final ReplayOptions options, final List<PartitionReplay> replays, final List<PartitionDigests> results,
        final Map<Integer, PartitionDigests> reference, final long elapsedNs, final PrintStream out, final PrintStream err)
    {
        long commands = 0;
        long cpuNs = 0;
        for (final PartitionReplay replay : replays)
        {
            commands += replay.doneOps();
            cpuNs += replay.cpuTimeNs();
        }
        final double seconds = elapsedNs / 1e9;
        final double rate = commands / Math.max(seconds, 1e-9);
        out.printf("replayed %,d commands of %d partition(s) in %.2f s: %,.0f commands/s (replay threads used %.2f s of CPU)%n",
            commands, replays.size(), seconds, rate, cpuNs / 1e9);
        for (int i = 0; i < replays.size(); i++)
        {
            printPartition(replays.get(i), results.get(i), out);
        }
        if (options.outDir().isPresent())
        {
            final Path file = options.outDir().get().resolve(DIGEST_FILE_NAME);
            final Map<String, String> extra = new LinkedHashMap<>();
            extra.put("commands", Long.toString(commands));
            extra.put("elapsedMs", Long.toString(TimeUnit.NANOSECONDS.toMillis(elapsedNs)));
            extra.put("commandsPerSecond", Long.toString((long)rate));
            extra.put("replayCpuMs", Long.toString(TimeUnit.NANOSECONDS.toMillis(cpuNs)));
            try
            {
                DigestFile.write(file, extra, results);
            }
            catch (final IOException ex)
            {
                err.println("replay: cannot write " + file + ": " + ex.getMessage());
                return EXIT_FAILED;
            }
            out.println("digests written to " + file);
        }
        final boolean againstFile = options.verifyAgainst().isPresent() && options.cluster().isEmpty();
        return againstFile ? verify(options.verifyAgainst().get(), results, reference, out, err) : EXIT_OK;
    }

    private static void printPartition(final PartitionReplay replay, final PartitionDigests digests, final PrintStream out)
    {
        final String start = replay.snapshotOp() >= 0 ? "from snapshot at op " + replay.snapshotOp() : "from op 1";
        out.printf("partition %d (%s): %s to op %,d, %,d events; state digest %s%n", digests.partitionId(), replay.journalDir(),
            start, digests.op(), replay.replay().eventsApplied(), PartitionDigests.hex(digests.stateDigest()));
        digests.projectionDigests().forEach((name, digest) ->
            out.printf("  read model %-24s digest %s%n", name, PartitionDigests.hex(digest)));
        if (replay.snapshotOp() > 0 && !replay.readModelsWithoutHistory().isEmpty())
        {
            out.println("  note: read models " + replay.readModelsWithoutHistory() + " are not in the snapshot and lack " +
                "the events before op " + (replay.snapshotOp() + 1) + "; use --snapshot none for a full rebuild");
        }
        if (replay.replay().stateMachineErrors() > 0)
        {
            out.printf("  note: the state machine threw on %,d commands (answered INTERNAL_ERROR live too); first: %s%n",
                replay.replay().stateMachineErrors(), replay.replay().firstStateMachineError());
        }
    }

    private static int verify(
        final String source, final List<PartitionDigests> results, final Map<Integer, PartitionDigests> reference,
        final PrintStream out, final PrintStream err)
    {
        final List<String> differences = new ArrayList<>();
        for (final PartitionDigests replayed : results)
        {
            final PartitionDigests expected = reference.get(replayed.partitionId());
            if (null == expected)
            {
                differences.add("partition " + replayed.partitionId() + ": not in " + source);
                continue;
            }
            differences.addAll(replayed.differencesFrom(expected));
        }
        if (differences.isEmpty())
        {
            out.println("verified against " + source + ": every digest matches");
            return EXIT_OK;
        }
        differences.forEach(difference -> err.println("MISMATCH " + difference));
        err.println("replay: " + differences.size() + " digest(s) differ from " + source);
        return EXIT_MISMATCH;
    }
}
