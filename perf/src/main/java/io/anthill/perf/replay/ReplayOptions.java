package io.anthill.perf.replay;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The replay tool's command line, parsed and checked for form (not yet against the journals or domains):
 * {@code --journal DIR... [--partition N...] [--snapshot latest|none|OP] [--snapshots DIR] --projection NAME...
 * [--to OP] [--out DIR] [--verify-against FILE] [--domain NAME]}. Options that take several values accept them
 * after one flag or by repeating the flag.
 *
 * @param journals       the partitions' journal directories.
 * @param partitionIds   the partition of each journal, in the same order; empty to infer from {@code partition-N} in
 *                       the path.
 * @param snapshot       {@code none}, {@code latest} or an op number.
 * @param snapshotsDir   the snapshot directory, or empty for the journal's sibling {@code snapshots}.
 * @param projections    the read models to rebuild, {@code all}, or {@code none} (the partition state only).
 * @param toOp           the last op to apply, or {@link Long#MAX_VALUE} for the journal's end.
 * @param outDir         where the digest file goes, or empty.
 * @param verifyAgainst  a digest file to compare with, or with {@code cluster} a live host ({@code host-N}), or empty.
 * @param domain         the domain's name, or empty when only one is installed.
 * @param cluster        the cluster file of the live host named by {@code verifyAgainst}, or empty.
 */
record ReplayOptions(
    List<Path> journals, List<Integer> partitionIds, String snapshot, Optional<Path> snapshotsDir, List<String> projections,
    long toOp, Optional<Path> outDir, Optional<String> verifyAgainst, Optional<String> domain, Optional<Path> cluster)
{
    static final String USAGE = "usage: scripts/replay --journal DIR... [--partition N...] [--snapshot latest|none|OP] " +
        "[--snapshots DIR] --projection NAME...|all|none [--to OP] [--out DIR] " +
        "[--verify-against DIGEST_FILE | --verify-against host-N --cluster FILE] [--domain NAME]";
    static final String SNAPSHOT_NONE = "none";
    static final String SNAPSHOT_LATEST = "latest";
    static final String ALL_PROJECTIONS = "all";
    static final String NO_PROJECTIONS = "none";

    /**
     * @param args the command line.
     * @return the options.
     * @throws IllegalArgumentException naming what is wrong with it.
     */
    static ReplayOptions parse(final String[] args)
    {
        final List<Path> journals = new ArrayList<>();
        final List<Integer> partitionIds = new ArrayList<>();
        final List<String> projections = new ArrayList<>();
        String snapshot = SNAPSHOT_NONE;
        Optional<Path> snapshotsDir = Optional.empty();
        long toOp = Long.MAX_VALUE;
        Optional<Path> outDir = Optional.empty();
        Optional<String> verifyAgainst = Optional.empty();
        Optional<String> domain = Optional.empty();
        Optional<Path> cluster = Optional.empty();
        int i = 0;
        while (i < args.length)
        {
            final String flag = args[i++];
            final List<String> values = new ArrayList<>();
            while (i < args.length && !args[i].startsWith("--"))
            {
                values.add(args[i++]);
            }
            if (values.isEmpty())
            {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            switch (flag)
            {
                case "--journal" -> values.forEach(value -> journals.add(Path.of(value)));
                case "--partition" -> values.forEach(value -> partitionIds.add((int)number(flag, value)));
                case "--projection" -> projections.addAll(values);
                case "--snapshot" -> snapshot = single(flag, values);
                case "--snapshots" -> snapshotsDir = Optional.of(Path.of(single(flag, values)));
                case "--to" -> toOp = number(flag, single(flag, values));
                case "--out" -> outDir = Optional.of(Path.of(single(flag, values)));
                case "--verify-against" -> verifyAgainst = Optional.of(single(flag, values));
                case "--domain" -> domain = Optional.of(single(flag, values));
                case "--cluster" -> cluster = Optional.of(Path.of(single(flag, values)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (journals.isEmpty())
        {
            throw new IllegalArgumentException("name at least one --journal DIR");
        }
        if (projections.isEmpty())
        {
            throw new IllegalArgumentException("name the read models to rebuild: --projection NAME..., all, or none " +
                "(the partition state only)");
        }
        if (!partitionIds.isEmpty() && partitionIds.size() != journals.size())
        {
            throw new IllegalArgumentException("give one --partition per --journal (" + journals.size() + "), or none");
        }
        if (!snapshot.equals(SNAPSHOT_NONE) && !snapshot.equals(SNAPSHOT_LATEST))
        {
            number("--snapshot", snapshot);
        }
        if (cluster.isPresent() && (verifyAgainst.isEmpty() || toOp != Long.MAX_VALUE || !snapshot.equals(SNAPSHOT_NONE)))
        {
            throw new IllegalArgumentException("--cluster FILE goes with --verify-against HOST, without --to or --snapshot: " +
                "the replay starts at op 1 and stops where each of the host's read models is");
        }
        return new ReplayOptions(List.copyOf(journals), List.copyOf(partitionIds), snapshot, snapshotsDir,
            List.copyOf(projections), toOp, outDir, verifyAgainst, domain, cluster);
    }

    private static String single(final String flag, final List<String> values)
    {
        if (values.size() != 1)
        {
            throw new IllegalArgumentException(flag + " takes one value, got " + values);
        }
        return values.get(0);
    }

    private static long number(final String flag, final String value)
    {
        try
        {
            final long number = Long.parseLong(value);
            if (number < 0)
            {
                throw new IllegalArgumentException(flag + " must not be negative, was " + value);
            }
            return number;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(flag + " expects a number, got '" + value + "'", ex);
        }
    }
}
