package io.anthill.perf.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.anthill.perf.aeroncluster.AeronClusterScenario;
import io.anthill.perf.cluster.ClusterScenario;
import io.anthill.perf.engine.ReplicatedWritesScenario;
import io.anthill.perf.engine.SingleNodeScenario;
import io.anthill.perf.replay.ReplayScenario;


/**
 * The scenarios {@code scripts/perf} can run, by name. {@link #standard()} is the one place they are listed, so adding
 * a scenario is one {@link #register} line there.
 */
public final class ScenarioRegistry
{
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * One registered scenario.
     *
     * @param name what {@code scripts/perf} is given, e.g. {@code seed-target}.
     * @param description one line for {@code --list} and usage.
     * @param usesCluster whether {@code --cluster FILE} means anything to it; if not, passing one is a usage error.
     * @param defaultDuration the measured duration when {@code --duration} is not given.
     * @param scenario what runs.
     */
    public record Entry(String name, String description, boolean usesCluster, Duration defaultDuration, Scenario scenario)
    {
    }

    /**
     * The scenarios of this project; {@code seed-target}, {@code failover} and {@code max-throughput} take
     * {@code --cluster FILE} to drive an external cluster instead of the embedded one.
     *
     * @return a new registry.
     */
    public static ScenarioRegistry standard()
    {
        return new ScenarioRegistry()
            .register("self-test", "the generator against an in-process target that answers at once: " +
                "1,000 writes/s + 20,000 reads/s; measures the harness's own overhead", false, Duration.ofSeconds(10),
                new SelfTestScenario())
            .register("single-node", "commands through one partition's whole ring with BATCH durability at 1,000, " +
                "10,000 and 100,000 commands/s, one run per rate", false, Duration.ofSeconds(20),
                new SingleNodeScenario())
            .register("replicated-writes", "quorum-committed writes to a 3-replica group on loopback at 1,000 and " +
                "10,000 writes/s, then rising until p99 passes 10 ms", false, Duration.ofSeconds(10),
                new ReplicatedWritesScenario())
            .register("seed-target", "the design target on the embedded 3-replica trading cluster: 1,000 writes/s " +
                "(orders, cancels, deposits) + 20,000 reads/s (balances, book depth); --cluster FILE: an external cluster", true,
                Duration.ofSeconds(60),
                new ClusterScenario(ClusterScenario.Mode.SEED_TARGET))
            .register("failover", "seed-target with the primary of partition 0 killed half-way and restarted; " +
                "reports the unavailability window", true, Duration.ofSeconds(30),
                new ClusterScenario(ClusterScenario.Mode.FAILOVER))
            .register("step-down", "seed-target with a planned step-down of every partition's primary half-way " +
                "(scripts/ctl step-down with --cluster FILE); nothing may fail", true, Duration.ofSeconds(30),
                new ClusterScenario(ClusterScenario.Mode.STEP_DOWN))
            .register("max-throughput", "rising write rates with 20,000 reads/s alongside, until the SLA of " +
                "seed-target breaks", true, Duration.ofSeconds(15), new ClusterScenario(ClusterScenario.Mode.MAX_THROUGHPUT))
            .register("replay", "rebuilds the trading read models from 10,000,000 journaled commands (--commands N) " +
                "over 2 partitions in parallel; goal >= 2,000,000 commands/s", false, Duration.ofSeconds(0),
                new ReplayScenario())
            .register("aeron-cluster", "Aeron Cluster side by side: 3 member processes, a ledger service, 1,000 and " +
                "10,000 requests/s then rising until p99 passes 10 ms, and a leader kill at 1,000/s with default and " +
                "tuned timeouts", false, Duration.ofSeconds(10), new AeronClusterScenario());
    }

    /**
     * Adds a scenario.
     *
     * @param name unique name; lower case words joined by {@code -}.
     * @param description one line.
     * @param usesCluster whether it reads {@code --cluster}.
     * @param defaultDuration measured duration without {@code --duration}.
     * @param scenario what runs.
     * @return this registry.
     * @throws IllegalArgumentException if the name is taken or malformed.
     */
    public ScenarioRegistry register(
        final String name, final String description, final boolean usesCluster, final Duration defaultDuration,
        final Scenario scenario)
    {
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*") || entries.containsKey(name))
        {
            throw new IllegalArgumentException("scenario name '" + name + "' is malformed or taken");
        }
        entries.put(name, new Entry(name, description, usesCluster, defaultDuration, scenario));
        return this;
    }

    /**
     * Finds a scenario.
     *
     * @param name its registered name.
     * @return the entry, or empty.
     */
    public Optional<Entry> find(final String name)
    {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * Every scenario, in registration order.
     *
     * @return an unmodifiable list.
     */
    public List<Entry> entries()
    {
        return Collections.unmodifiableList(new ArrayList<>(entries.values()));
    }
}
