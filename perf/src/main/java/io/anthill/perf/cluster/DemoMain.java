package io.anthill.perf.cluster;

import java.io.IOException;

import io.anthill.perf.harness.PerfMain;

/**
 * {@code scripts/demo}: the README's main command. Starts the embedded 3-replica trading cluster, drives the design
 * target (1,000 writes/s + 20,000 reads/s) for 30 s, kills the primary of partition 0 half-way through and restarts it
 * later, then prints the latency table against the product's SLA, the failover window, and whether all replicas
 * ended with the same state.
 */
public final class DemoMain
{
    private DemoMain()
    {
    }

    /**
     * @param args ignored; {@code scripts/perf failover} takes the options.
     * @throws IOException when a report file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        System.out.println("""
            Anthill demo: a replicated event-sourcing engine running a small exchange.

            What runs: 3 replicas in this process, each with its own Aeron media driver and Chronicle journal,
            replicating over UDP on 127.0.0.1 (Viewstamped Replication). Two partitions (instruments are split
            between them); every write is acknowledged only once 2 of 3 replicas hold it on disk (QUORUM).
            The load: 1,000 writes/s (orders, cancels, deposits) + 20,000 reads/s (balances, book depth served by
            the replicas' read models), open loop: latency is measured from when each request was due.
            Half-way through, the primary of partition 0 is killed; the next replica takes over and the client
            follows it, resending unanswered writes with the same ids (applied at most once). Later the killed
            node restarts from its journal and catches up. At the end every replica's state digest is compared.
            """);
        final int status = PerfMain.run(new String[]{"failover", "--duration", "30", "--warmup", "5",
            "--sla", "perf/sla/seed-target.properties", "--out", "perf-results/demo"});
        System.out.println(status == 0 ? "demo: SLA held and replicas match" :
            "demo: see the verdict above (the SLA is the product goal for a quiet 2-core machine)");
        System.exit(status);
    }
}
