package io.anthill.replication.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

import io.anthill.replication.core.ReplicaStatus;

/**
 * One deterministic run: several replica groups and their clients on one thread, one event queue ordered by
 * (simulated time, insertion), and one seeded PRNG from which every random stream is split. Faults run during the
 * fault phase; then everything heals and the run checks that every group elects a primary and commits again.
 * Safety invariants are checked as the run goes; the history is checked at the end.
 */
final class Simulation
{
    private static final class Event
    {
        final long timeNs;
        final long seq;
        final String kind;
        final long a;
        final long b;
        final Runnable action;

        Event(final long timeNs, final long seq, final String kind, final long a, final long b, final Runnable action)
        {
            this.timeNs = timeNs;
            this.seq = seq;
            this.kind = kind;
            this.a = a;
            this.b = b;
            this.action = action;
        }
    }

    private static final class Committed
    {
        final long view;
        final int crc;
        final byte[] body;

        Committed(final long view, final int crc, final byte[] body)
        {
            this.view = view;
            this.crc = crc;
            this.body = body;
        }
    }

    private final SimConfig config;
    private final SplittableRandom random;
    private final Trace trace = new Trace();
    private final PriorityQueue<Event> queue = new PriorityQueue<>((x, y) ->
        x.timeNs != y.timeNs ? Long.compare(x.timeNs, y.timeNs) : Long.compare(x.seq, y.seq));
    private final SimNetwork network;
    private final History history;
    private final SimNode[][] nodes;
    private final List<SimClient> clients = new ArrayList<>();
    private final List<List<Committed>> canonical = new ArrayList<>();
    private final List<Map<String, Long>> appliedAt = new ArrayList<>();
    private final List<Map<Long, Integer>> ackingPrimaryByView = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final long[] firstAckAfterHealNs;
    private final long[] stepDownsStarted;
    private Nemesis nemesis;
    private long nowNs;
    private long seq;
    private long acknowledged;
    private boolean healed;

    Simulation(final SimConfig config)
    {
        this.config = config;
        random = new SplittableRandom(config.seed);
        trace.keepText(config.keepTraceText);
        network = new SimNetwork(this, random.split(), config.groups, config.replicas);
        history = new History(config.groups);
        nodes = new SimNode[config.groups][config.replicas];
        firstAckAfterHealNs = new long[config.groups];
        stepDownsStarted = new long[config.groups];
        Arrays.fill(firstAckAfterHealNs, Long.MAX_VALUE);
        for (int g = 0; g < config.groups; g++)
        {
            canonical.add(new ArrayList<>());
            appliedAt.add(new HashMap<>());
            ackingPrimaryByView.add(new HashMap<>());
            for (int r = 0; r < config.replicas; r++)
            {
                nodes[g][r] = new SimNode(this, random.split(), g, r);
            }
            for (int c = 0; c < config.clientsPerGroup; c++)
            {
                clients.add(new SimClient(this, random.split(), g, 1000L * (g + 1) + c, config.replicas, config.accounts));
            }
        }
    }

    SimConfig config()
    {
        return config;
    }

    Trace trace()
    {
        return trace;
    }

    SimNetwork network()
    {
        return network;
    }

    History history()
    {
        return history;
    }

    long nowNs()
    {
        return nowNs;
    }

    long clientStopNs()
    {
        return config.faultPhaseNs + config.clientQuietNs;
    }

    void onStepDownStarted(final int group)
    {
        stepDownsStarted[group]++;
    }

    /**
     * @return planned hand-overs a primary of the group started.
     */
    long stepDownsStarted(final int group)
    {
        return stepDownsStarted[group];
    }

    SimNode node(final int group, final int replica)
    {
        return nodes[group][replica];
    }

    void schedule(final long timeNs, final String kind, final long a, final long b, final Runnable action)
    {
        queue.add(new Event(Math.max(timeNs, nowNs), seq++, kind, a, b, action));
    }

    int impaired(final int group)
    {
        int count = 0;
        for (final SimNode node : nodes[group])
        {
            count += node.isImpaired() ? 1 : 0;
        }
        return count;
    }

    void scheduleRestart(final SimNode node)
    {
        final long at = Math.min(nowNs + 50_000_000L + random.nextLong(2_000_000_000L), config.faultPhaseNs);
        schedule(at, "restart", node.group, node.index, () ->
        {
            if (!node.isUp())
            {
                trace.fault(nowNs, "g" + node.group + "r" + node.index + " restarts");
                node.start(false);
            }
        });
    }

    SimulationResult run()
    {
        nemesis = new Nemesis(this, random.split());
        for (final SimNode[] group : nodes)
        {
            for (final SimNode node : group)
            {
                node.start(true);
            }
        }
        clients.forEach(SimClient::start);
        nemesis.start();
        schedule(config.faultPhaseNs, "heal", 0, 0, this::healAll);
        while (!queue.isEmpty() && violations.isEmpty())
        {
            final Event event = queue.poll();
            if (event.timeNs > config.endNs())
            {
                break;
            }
            nowNs = event.timeNs;
            trace.event(nowNs, event.kind, event.a, event.b, 0);
            try
            {
                event.action.run();
            }
            catch (final RuntimeException ex)
            {
                violations.add("exception in " + event.kind + " " + event.a + "/" + event.b + ": " + ex);
            }
        }
        nowNs = Math.max(nowNs, config.endNs());
        if (violations.isEmpty())
        {
            finalChecks();
        }
        if (!violations.isEmpty())
        {
            describeReplicas();
        }
        return new SimulationResult(config, violations.isEmpty(), violations, nowNs, trace, nemesis.injected(),
            acknowledged, viewChanges(), snapshotsInstalled());
    }

    private void healAll()
    {
        healed = true;
        network.calm();
        trace.fault(nowNs, "heal: network calm, clocks steady, every process up");
        for (final SimNode[] group : nodes)
        {
            for (final SimNode node : group)
            {
                node.pause(0);
                node.slowFsync(0);
                node.skewClock(0);
                node.log().diskFull(false);
                node.disarmCrash();
                if (!node.isUp())
                {
                    node.start(false);
                }
            }
        }
    }

    private long snapshotsInstalled()
    {
        long count = 0;
        for (final SimNode[] group : nodes)
        {
            for (final SimNode node : group)
            {
                count += node.snapshotsInstalled();
            }
        }
        return count;
    }

    private long viewChanges()
    {
        long count = 0;
        for (final SimNode[] group : nodes)
        {
            for (final SimNode node : group)
            {
                count += node.replica().transitionCount(ReplicaStatus.VIEW_CHANGE);
            }
        }
        return count;
    }

    void checkCommitted(final SimNode node, final long op, final long view, final int crc, final byte[] body)
    {
        final List<Committed> log = canonical.get(node.group);
        if (op <= log.size())
        {
            final Committed first = log.get((int)op - 1);
            if (first.view != view || first.crc != crc || !Arrays.equals(first.body, body))
            {
                violations.add("committed prefixes differ: group " + node.group + " op " + op + " at replica " + node.index +
                    " (view " + view + ") vs first committed (view " + first.view + ")");
            }
        }
        else if (op == log.size() + 1)
        {
            log.add(new Committed(view, crc, body.clone()));
        }
        else
        {
            violations.add("commit gap at group " + node.group + " op " + op);
        }
    }

    void checkApplied(final SimNode node, final long op, final AppliedLedger.Outcome outcome)
    {
        if (outcome.duplicate)
        {
            return;
        }
        final String key = outcome.sessionId + ":" + outcome.requestId;
        final Long previous = appliedAt.get(node.group).putIfAbsent(key, op);
        if (previous != null && previous != op)
        {
            violations.add("applied twice: group " + node.group + " session " + outcome.sessionId + " request " +
                outcome.requestId + " at ops " + previous + " and " + op);
        }
    }

    void onAcknowledged(final SimNode node, final long view, final SimClient client, final long requestId)
    {
        acknowledged++;
        trace.event(nowNs, "ack", node.group, client.sessionId, requestId);
        final Integer previous = ackingPrimaryByView.get(node.group).putIfAbsent(view, node.index);
        if (previous != null && previous != node.index)
        {
            violations.add("two primaries acknowledged in view " + view + " of group " + node.group + ": r" + previous +
                " and r" + node.index);
        }
        if (healed && firstAckAfterHealNs[node.group] == Long.MAX_VALUE)
        {
            firstAckAfterHealNs[node.group] = nowNs;
        }
    }

    private void describeReplicas()
    {
        for (final SimNode[] group : nodes)
        {
            for (final SimNode node : group)
            {
                trace.fault(nowNs, "end state g" + node.group + ": " + node.replica() + (node.isUp() ? "" : " DOWN") +
                    " applied=" + node.ledger().appliedOp() + " durable=" + node.log().durableOp());
            }
        }
    }

    private void finalChecks()
    {
        for (int g = 0; g < config.groups; g++)
        {
            checkGroupConverged(g);
            if (firstAckAfterHealNs[g] - config.faultPhaseNs > config.livenessBoundNs)
            {
                violations.add("liveness: group " + g + " committed no new write within " + config.livenessBoundNs / 1_000_000 +
                    " ms of the heal");
            }
            final List<byte[]> bodies = new ArrayList<>();
            for (final Committed c : canonical.get(g))
            {
                bodies.add(c.body);
            }
            violations.addAll(history.check(g, bodies, config.accounts));
        }
        for (final SimClient client : clients)
        {
            if (client.isOutstanding())
            {
                violations.add("liveness: client " + client.sessionId + " request " + client.requestId() + " invoked at " +
                    client.invokeNs() / 1_000_000 + " ms never completed");
            }
        }
    }

    private void checkGroupConverged(final int g)
    {
        final SimNode first = nodes[g][0];
        int primaries = 0;
        for (final SimNode node : nodes[g])
        {
            if (node.replica().status() != ReplicaStatus.NORMAL)
            {
                violations.add("liveness: g" + g + "r" + node.index + " not NORMAL at the end: " + node.replica());
                continue;
            }
            primaries += node.replica().isPrimary() ? 1 : 0;
            if (node.replica().view() != first.replica().view() || node.replica().commitOp() != canonical.get(g).size())
            {
                violations.add("liveness: g" + g + "r" + node.index + " did not converge: " + node.replica() + " vs committed " +
                    canonical.get(g).size());
            }
            else if (node.ledger().bank().stateDigest() != first.ledger().bank().stateDigest())
            {
                violations.add("state digests differ in group " + g + " at r" + node.index);
            }
            if (!node.ledger().bank().conserved())
            {
                violations.add("bank not conserved at g" + g + "r" + node.index);
            }
        }
        if (primaries != 1)
        {
            violations.add("liveness: group " + g + " has " + primaries + " primaries at the end");
        }
    }
}
