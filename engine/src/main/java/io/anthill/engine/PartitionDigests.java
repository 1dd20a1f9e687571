package io.anthill.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What proves two copies of a partition equal at an op: the partition state digest and each read model's digest.
 * A live node and an offline replay both produce one, and {@link DigestFile} stores it, so an operator can check a
 * rebuilt read model against the node that serves it.
 *
 * @param partitionId       the partition.
 * @param op                the last applied op the digests were taken at.
 * @param stateDigest       {@link Partition#stateDigest()}: state machine, sessions and alarms.
 * @param projectionDigests each read model's {@link Projection#digest()} by {@link Projection#name()}, in order.
 */
public record PartitionDigests(int partitionId, long op, long stateDigest, Map<String, Long> projectionDigests)
{
    /**
     * Copies the map so that the record stays immutable.
     *
     * @param partitionId       the partition.
     * @param op                the op.
     * @param stateDigest       the state digest.
     * @param projectionDigests the read models' digests.
     */
    public PartitionDigests
    {
        projectionDigests = Collections.unmodifiableMap(new LinkedHashMap<>(projectionDigests));
    }

    /**
     * Takes the digests of read models that have seen everything up to the op (a closed or quiescent partition's).
     *
     * @param partitionId the partition.
     * @param op          the last applied op.
     * @param stateDigest the partition state digest at that op.
     * @param projections the read models.
     * @return the digests.
     */
    public static PartitionDigests of(
        final int partitionId, final long op, final long stateDigest, final List<? extends Projection> projections)
    {
        final Map<String, Long> digests = new LinkedHashMap<>();
        for (final Projection projection : projections)
        {
            digests.put(projection.name(), projection.digest());
        }
        return new PartitionDigests(partitionId, op, stateDigest, digests);
    }

    /**
     * Compares this (the replayed copy) with a reference (a live node's or an earlier replay's). Only the read models
     * both hold are compared, so a replay of some read models can be checked against a node that serves them all.
     *
     * @param reference the digests to match.
     * @return one line per difference, naming the digest that differs; empty when they match.
     */
    public List<String> differencesFrom(final PartitionDigests reference)
    {
        final List<String> differences = new ArrayList<>();
        final String partition = "partition " + partitionId + ": ";
        if (op != reference.op)
        {
            differences.add(partition + "op differs: replayed to op " + op + ", reference is at op " + reference.op +
                " (pass --to " + reference.op + ")");
            return differences;
        }
        if (stateDigest != reference.stateDigest)
        {
            differences.add(partition + "state digest differs: " + hex(stateDigest) + " replayed, " +
                hex(reference.stateDigest) + " expected");
        }
        for (final Map.Entry<String, Long> entry : projectionDigests.entrySet())
        {
            final Long expected = reference.projectionDigests.get(entry.getKey());
            if (null != expected && expected.longValue() != entry.getValue().longValue())
            {
                differences.add(partition + "read model " + entry.getKey() + " digest differs: " + hex(entry.getValue()) +
                    " replayed, " + hex(expected) + " expected");
            }
        }
        return differences;
    }

    /**
     * @param digest a digest.
     * @return it as the 16 hex digits tools print and digest files hold.
     */
    public static String hex(final long digest)
    {
        return String.format("%016x", digest);
    }
}
