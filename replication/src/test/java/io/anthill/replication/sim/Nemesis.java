package io.anthill.replication.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.anthill.replication.core.StepDownResult;

/**
 * Injects the faults of the fault phase. The seed picks a weight for each enabled fault and the network's message
 * fault rates. Faults that take a replica's disk or memory away (crash, torn write, bit flip, full disk) are only
 * injected while fewer than f replicas of the group are impaired: beyond that, VR promises neither safety of
 * acknowledged writes nor recovery. Everything else (partitions, drops, pauses, clocks) is unrestricted.
 */
final class Nemesis
{
    private final Simulation sim;
    private final SplittableRandom random;
    private final List<FaultType> enabled = new ArrayList<>();
    private final double[] weights;
    private final Map<FaultType, Long> injected = new EnumMap<>(FaultType.class);
    private final long meanIntervalNs;

    Nemesis(final Simulation sim, final SplittableRandom random)
    {
        this.sim = sim;
        this.random = random;
        enabled.addAll(sim.config().faults);
        enabled.removeIf(f -> f == FaultType.DROP || f == FaultType.DELAY || f == FaultType.REORDER || f == FaultType.DUPLICATE);
        weights = new double[enabled.size()];
        for (int i = 0; i < weights.length; i++)
        {
            weights[i] = random.nextDouble();
        }
        final int stepDown = enabled.indexOf(FaultType.STEP_DOWN);
        if (stepDown >= 0 && enabled.size() > 1 && random.nextBoolean())
        {
            weights[stepDown] = 0; // planned hand-overs in about half of the seeds that mix them with faults
        }
        meanIntervalNs = 100_000_000L + random.nextLong(700_000_000L);
        final SimNetwork network = sim.network();
        network.dropRate = rate(FaultType.DROP, 0.15);
        network.delayRate = rate(FaultType.DELAY, 0.2);
        network.reorderRate = rate(FaultType.REORDER, 0.3);
        network.duplicateRate = rate(FaultType.DUPLICATE, 0.1);
    }

    private double rate(final FaultType type, final double max)
    {
        if (!sim.config().faults.contains(type))
        {
            return 0;
        }
        final double rate = random.nextDouble() * max;
        injected.put(type, 1L);
        sim.trace().fault(0, type + " rate " + String.format("%.3f", rate));
        return rate;
    }

    Map<FaultType, Long> injected()
    {
        return injected;
    }

    void start()
    {
        if (!enabled.isEmpty())
        {
            scheduleNext();
        }
    }

    private void scheduleNext()
    {
        final long at = sim.nowNs() + 1 + random.nextLong(2 * meanIntervalNs);
        if (at < sim.config().faultPhaseNs)
        {
            sim.schedule(at, "nemesis", 0, 0, () ->
            {
                inject(pick());
                scheduleNext();
            });
        }
    }

    private FaultType pick()
    {
        double total = 0;
        for (final double w : weights)
        {
            total += w;
        }
        double x = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++)
        {
            x -= weights[i];
            if (x <= 0)
            {
                return enabled.get(i);
            }
        }
        return enabled.get(enabled.size() - 1);
    }

    private void inject(final FaultType type)
    {
        final int group = random.nextInt(sim.config().groups);
        final int replicas = sim.config().replicas;
        final SimNode node = pickNode(group);
        final long durationNs = 50_000_000L + random.nextLong(2_000_000_000L);
        final String who = "g" + group + "r" + node.index;
        boolean done = true;
        switch (type)
        {
            case PARTITION:
                if (random.nextBoolean())
                {
                    isolate(group, node, durationNs);
                }
                else
                {
                    split(group, durationNs);
                }
                break;
            case ASYMMETRIC_PARTITION:
                final int other = (node.index + 1 + random.nextInt(replicas - 1)) % replicas;
                blockFor(group, node.index, other, durationNs);
                sim.trace().fault(sim.nowNs(), who + " cannot send to r" + other + " for " + durationNs / 1_000_000 + " ms");
                break;
            case PAUSE:
                if (node.isUp())
                {
                    node.pause(sim.nowNs() + durationNs);
                    sim.trace().fault(sim.nowNs(), who + " paused for " + durationNs / 1_000_000 + " ms");
                }
                break;
            case SLOW_FSYNC:
                node.slowFsync(sim.nowNs() + durationNs);
                sim.trace().fault(sim.nowNs(), who + " slow fsync for " + durationNs / 1_000_000 + " ms");
                break;
            case CLOCK_SKEW:
                final double drift = (random.nextDouble() - 0.5) * 0.1;
                node.skewClock(drift);
                sim.trace().fault(sim.nowNs(), who + " clock drift " + String.format("%.3f", drift));
                break;
            case CLOCK_JUMP:
                final long jump = (random.nextBoolean() ? 1 : -1) * (10_000_000L + random.nextLong(3_000_000_000L));
                node.jumpClock(jump);
                sim.trace().fault(sim.nowNs(), who + " clock jumps " + jump / 1_000_000 + " ms");
                break;
            case STEP_DOWN:
                done = stepDown(group);
                break;
            default:
                done = injectDiskOrProcess(type, group, node, who);
                break;
        }
        if (done)
        {
            injected.merge(type, 1L, Long::sum);
        }
    }

    private boolean injectDiskOrProcess(final FaultType type, final int group, final SimNode node, final String who)
    {
        if (!node.isUp() || sim.impaired(group) + 1 > sim.config().replicas / 2)
        {
            return false;
        }
        switch (type)
        {
            case CRASH:
            case TORN_WRITE:
                if (random.nextBoolean())
                {
                    node.armCrash(type == FaultType.TORN_WRITE);
                    sim.trace().fault(sim.nowNs(), who + " will crash at its next unsynced append");
                }
                else
                {
                    node.crash(type == FaultType.TORN_WRITE);
                    sim.scheduleRestart(node);
                }
                return true;
            case BIT_FLIP:
                if (random.nextInt(3) == 0 && node.flipSnapshotBit())
                {
                    sim.trace().fault(sim.nowNs(), who + " bit flipped in its snapshot");
                    if (random.nextBoolean())
                    {
                        node.crash(false);
                        sim.scheduleRestart(node);
                    }
                    return true;
                }
                final long op = node.log().flipBit(random);
                if (op == 0)
                {
                    return false;
                }
                node.latentCorruption = true;
                sim.trace().fault(sim.nowNs(), who + " bit flipped in op " + op);
                if (random.nextBoolean())
                {
                    node.crash(false);
                    sim.scheduleRestart(node);
                }
                return true;
            case GROUP_RESTART:
                if (sim.impaired(group) > 0)
                {
                    return false;
                }
                sim.trace().fault(sim.nowNs(), "g" + group + " every replica crashes (power loss)");
                for (int r = 0; r < sim.config().replicas; r++)
                {
                    sim.node(group, r).crash(random.nextBoolean());
                    sim.scheduleRestart(sim.node(group, r));
                }
                return true;
            case DISK_FULL:
                node.log().diskFull(true);
                sim.trace().fault(sim.nowNs(), who + " disk full");
                return true;
            default:
                return false;
        }
    }

    /**
     * An operator asks the group's primary to hand over (a no-op answer when there is none right now).
     */
    private boolean stepDown(final int group)
    {
        for (int i = 0; i < sim.config().replicas; i++)
        {
            final SimNode node = sim.node(group, i);
            if (node.isUp() && !node.isPaused() && node.replica().isPrimary())
            {
                final StepDownResult result = node.stepDown();
                sim.trace().fault(sim.nowNs(), "g" + group + "r" + i + " asked to step down from view " +
                    node.replica().view() + ": " + result);
                if (result == StepDownResult.STARTED)
                {
                    sim.onStepDownStarted(group);
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    private void isolate(final int group, final SimNode node, final long durationNs)
    {
        for (int other = 0; other < sim.config().replicas; other++)
        {
            if (other != node.index)
            {
                blockFor(group, node.index, other, durationNs);
                blockFor(group, other, node.index, durationNs);
            }
        }
        sim.trace().fault(sim.nowNs(), "g" + group + "r" + node.index + " isolated for " + durationNs / 1_000_000 + " ms");
    }

    /**
     * Splits the group into two random sides (either may hold the majority, or neither when one side is empty).
     */
    private void split(final int group, final long durationNs)
    {
        final int replicas = sim.config().replicas;
        final boolean[] sideA = new boolean[replicas];
        final StringBuilder sides = new StringBuilder();
        for (int r = 0; r < replicas; r++)
        {
            sideA[r] = random.nextBoolean();
            sides.append(sideA[r] ? 'A' : 'B');
        }
        for (int from = 0; from < replicas; from++)
        {
            for (int to = 0; to < replicas; to++)
            {
                if (sideA[from] != sideA[to])
                {
                    blockFor(group, from, to, durationNs);
                }
            }
        }
        sim.trace().fault(sim.nowNs(), "g" + group + " split " + sides + " for " + durationNs / 1_000_000 + " ms");
    }

    private SimNode pickNode(final int group)
    {
        // half of the faults aim at the primary: that is where the interesting failovers are
        if (random.nextBoolean())
        {
            for (int i = 0; i < sim.config().replicas; i++)
            {
                final SimNode node = sim.node(group, i);
                if (node.isUp() && node.replica().isPrimary())
                {
                    return node;
                }
            }
        }
        return sim.node(group, random.nextInt(sim.config().replicas));
    }

    private void blockFor(final int group, final int from, final int to, final long durationNs)
    {
        sim.network().block(group, from, to, true);
        sim.schedule(sim.nowNs() + durationNs, "heal", group, from, () -> sim.network().block(group, from, to, false));
    }
}
