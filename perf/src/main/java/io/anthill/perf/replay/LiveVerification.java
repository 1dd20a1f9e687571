package io.anthill.perf.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.anthill.replication.cluster.ClusterFile;
import io.anthill.replication.cluster.ClusterFileException;
import io.anthill.replication.cluster.CtlMain;
import io.anthill.replication.cluster.LiveReadModels;
import io.anthill.replication.cluster.ReadModelDigest;

/**
 * {@code --verify-against host-N --cluster FILE}: the live host's read models are asked for their digests first (each
 * at the op it has reached, over the control plane, with the cluster's admin credential or
 * {@code ANTHILL_ADMIN_CREDENTIAL}); the replay then starts at op 1, takes each read model's digest at that read
 * model's op, and stops at the highest. Asking first means the journal may be the live host's own, still growing.
 */
final class LiveVerification
{
    private static final long TIMEOUT_MS = 5_000;

    private final String hostName;
    private final Map<Integer, List<ReadModelDigest>> byPartition;

    private LiveVerification(final String hostName, final Map<Integer, List<ReadModelDigest>> byPartition)
    {
        this.hostName = hostName;
        this.byPartition = byPartition;
    }

    /**
     * @throws IllegalArgumentException when the cluster file is unusable or the host not in it.
     * @throws ReplayException          when the host cannot be asked; the message says what to do.
     */
    static LiveVerification fetch(
        final Path clusterFile, final String hostName, final List<Integer> partitionIds, final Map<String, String> env)
    {
        final ClusterFile cluster;
        try
        {
            cluster = ClusterFile.load(clusterFile);
        }
        catch (final IOException | ClusterFileException ex)
        {
            throw new IllegalArgumentException("cannot use the cluster file " + clusterFile + ": " + ex.getMessage(), ex);
        }
        final String credential = CtlMain.credential(null, env, cluster);
        final Map<Integer, List<ReadModelDigest>> byPartition = new LinkedHashMap<>();
        for (final int partitionId : partitionIds)
        {
            try
            {
                byPartition.put(partitionId, LiveReadModels.fetch(cluster, hostName, partitionId, credential, TIMEOUT_MS));
            }
            catch (final IllegalStateException ex)
            {
                throw new ReplayException("cannot ask " + hostName + " for the read models of partition " + partitionId +
                    ": " + ex.getMessage());
            }
        }
        return new LiveVerification(hostName, byPartition);
    }

    /**
     * @return for the partition, each live read model's op by name: where the replay takes its digest.
     */
    Map<String, Long> checkpointOps(final int partitionId)
    {
        final Map<String, Long> ops = new LinkedHashMap<>();
        byPartition.getOrDefault(partitionId, List.of()).forEach(readModel -> ops.put(readModel.name(), readModel.position()));
        return ops;
    }

    /**
     * @return the highest op of the partition's live read models: where the replay stops.
     */
    long lastOp(final int partitionId)
    {
        return byPartition.getOrDefault(partitionId, List.of()).stream().mapToLong(ReadModelDigest::position).max().orElse(0);
    }

    /**
     * Compares the digests the replays took with the live ones and prints one line per read model.
     *
     * @return {@link ReplayMain#EXIT_OK}, {@link ReplayMain#EXIT_MISMATCH} when a digest differs, or
     * {@link ReplayMain#EXIT_FAILED} when the journal ended before a read model's op or nothing could be compared.
     */
    int verify(final List<PartitionReplay> replays, final PrintStream out, final PrintStream err)
    {
        final List<String> mismatches = new ArrayList<>();
        final List<String> unreached = new ArrayList<>();
        int compared = 0;
        for (final PartitionReplay replay : replays)
        {
            final Map<String, Long> replayed = replay.checkpointDigests();
            for (final ReadModelDigest live : byPartition.getOrDefault(replay.partitionId(), List.of()))
            {
                final String what = "partition " + replay.partitionId() + " " + live.name() + " at op " + live.position();
                final Long digest = replayed.get(live.name());
                if (null == digest)
                {
                    if (replay.replay().appliedOp() < live.position())
                    {
                        unreached.add(what + ": the journal ends at op " + replay.replay().appliedOp() + "; copy it " +
                            "again from " + hostName + ", or replay " + hostName + "'s own journal directory");
                    }
                    continue;
                }
                compared++;
                final boolean match = digest == live.digest();
                out.printf("%s %s: %s %016x, replay %016x%n", match ? "MATCH   " : "MISMATCH", what, hostName,
                    live.digest(), digest);
                if (!match)
                {
                    mismatches.add(what);
                }
            }
        }
        unreached.forEach(line -> err.println("replay: " + line));
        if (!mismatches.isEmpty())
        {
            err.println("replay: " + mismatches.size() + " read model(s) differ from " + hostName + "'s");
            return ReplayMain.EXIT_MISMATCH;
        }
        if (!unreached.isEmpty() || compared == 0)
        {
            err.println("replay: " + (compared == 0 ? "no read model to compare with " + hostName + " (is --projection " +
                "one of the host's read models?)" : "not every read model could be compared"));
            return ReplayMain.EXIT_FAILED;
        }
        out.println("verified against " + hostName + " (live): " + compared + " read model digest(s) match");
        return ReplayMain.EXIT_OK;
    }
}
