package io.anthill.perf.replay;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.anthill.engine.Projection;

/**
 * The ops at which a replay takes each read model's digest, to compare it with a live replica whose read models
 * reported their digests at their own positions (they run on their own threads, so each is at its own op). Checked
 * after every applied entry at the cost of one comparison; a digest is taken once the replay has applied the read
 * model's op.
 */
final class ReadModelCheckpoints
{
    private final Projection[] projections;
    private final long[] ops;
    private final long[] digests;
    private final boolean[] taken;
    private long nextOp = Long.MAX_VALUE;

    /**
     * @param projections the replay's read models.
     * @param opsByName   for some of them, by name, the op at which to take the digest.
     */
    ReadModelCheckpoints(final List<Projection> projections, final Map<String, Long> opsByName)
    {
        this.projections = projections.stream().filter(p -> opsByName.containsKey(p.name())).toArray(Projection[]::new);
        this.ops = Arrays.stream(this.projections).mapToLong(p -> opsByName.get(p.name())).toArray();
        this.digests = new long[this.projections.length];
        this.taken = new boolean[this.projections.length];
        updateNextOp();
    }

    /**
     * Takes the digests due once ops up to {@code appliedOp} are applied.
     *
     * @param appliedOp the op the replay has applied.
     */
    void onApplied(final long appliedOp)
    {
        if (appliedOp < nextOp)
        {
            return;
        }
        for (int i = 0; i < projections.length; i++)
        {
            if (!taken[i] && ops[i] <= appliedOp)
            {
                digests[i] = projections[i].digest();
                taken[i] = true;
            }
        }
        updateNextOp();
    }

    /**
     * @return the digests taken, by read model name, in the replay's order.
     */
    Map<String, Long> digests()
    {
        final Map<String, Long> byName = new LinkedHashMap<>();
        for (int i = 0; i < projections.length; i++)
        {
            if (taken[i])
            {
                byName.put(projections[i].name(), digests[i]);
            }
        }
        return byName;
    }

    private void updateNextOp()
    {
        nextOp = Long.MAX_VALUE;
        for (int i = 0; i < ops.length; i++)
        {
            if (!taken[i])
            {
                nextOp = Math.min(nextOp, ops[i]);
            }
        }
    }
}
