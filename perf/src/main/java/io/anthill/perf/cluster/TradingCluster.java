package io.anthill.perf.cluster;

import java.io.PrintStream;

import io.anthill.perf.harness.LoadTarget;

/**
 * A trading cluster under load, as {@link ClusterScenario} needs it: the embedded one it starts itself
 * ({@link TradingClusterTarget}) or an external one from a cluster file ({@link ExternalTradingTarget}). The scenario
 * is the same for both; only how a primary is killed and restarted and how replicas are compared differ.
 */
interface TradingCluster extends LoadTarget
{
    /**
     * @return one line saying what is being driven, for the report.
     */
    String description();

    /**
     * @return what the target saw of the last kill.
     */
    FailoverClock failover();

    /**
     * Kills the replica that is the primary of a partition, as a crash would; called from a thread other than the
     * generator's. Stamps {@link #failover()} just before.
     *
     * @param partitionId the partition whose primary is killed.
     * @return a name for the killed replica, for the report.
     */
    String killPrimary(int partitionId);

    /**
     * Asks the primary of a partition to hand over to the next replica (a planned step-down, scripts/ctl step-down);
     * called from a thread other than the generator's. Stamps {@link #failover()} just before.
     *
     * @param partitionId the partition.
     * @return what happened, for the report.
     */
    String stepDownPrimary(int partitionId);

    /**
     * Restarts the replica {@link #killPrimary} killed, on its journal: it recovers and catches up.
     */
    void restartKilled();

    /**
     * Prints what the target counted besides latencies (resends, say).
     *
     * @param out where to print.
     */
    void printCounts(PrintStream out);

    /**
     * After the load: waits for the replicas to converge and compares them, printing one line per partition.
     *
     * @param out where to print.
     * @return true if every replica of every partition holds the same state.
     */
    boolean compareReplicas(PrintStream out);
}
