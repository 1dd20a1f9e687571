package io.anthill.perf.aeroncluster;

import java.util.concurrent.TimeUnit;

import io.aeron.cluster.ConsensusModule;

/**
 * The consensus timeouts an Aeron Cluster member runs with in the comparison.
 *
 * <p>{@link #DEFAULT} is Aeron's own (leader heartbeat every 200 ms, a follower waits 10 s without one before it calls
 * an election, 1 s election timeout). {@link #TUNED} matches our engine's defaults (heartbeat every 50 ms, 500 ms
 * before an election, {@code ReplicaContext}), so a failover compares like with like: it is the fairest setting for
 * Aeron, not a handicap.
 */
enum ClusterTimeouts
{
    /** Aeron Cluster 1.51's defaults. */
    DEFAULT(ConsensusModule.Configuration.LEADER_HEARTBEAT_INTERVAL_DEFAULT_NS,
        ConsensusModule.Configuration.LEADER_HEARTBEAT_TIMEOUT_DEFAULT_NS,
        ConsensusModule.Configuration.ELECTION_TIMEOUT_DEFAULT_NS),
    /** Our engine's heartbeat interval and election timeout. */
    TUNED(TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.MILLISECONDS.toNanos(500));

    private final long leaderHeartbeatIntervalNs;
    private final long leaderHeartbeatTimeoutNs;
    private final long electionTimeoutNs;

    ClusterTimeouts(final long leaderHeartbeatIntervalNs, final long leaderHeartbeatTimeoutNs, final long electionTimeoutNs)
    {
        this.leaderHeartbeatIntervalNs = leaderHeartbeatIntervalNs;
        this.leaderHeartbeatTimeoutNs = leaderHeartbeatTimeoutNs;
        this.electionTimeoutNs = electionTimeoutNs;
    }

    long leaderHeartbeatIntervalNs()
    {
        return leaderHeartbeatIntervalNs;
    }

    long leaderHeartbeatTimeoutNs()
    {
        return leaderHeartbeatTimeoutNs;
    }

    long electionTimeoutNs()
    {
        return electionTimeoutNs;
    }

    String describe()
    {
        return String.format(java.util.Locale.ROOT, "%s timeouts: leader heartbeat every %d ms, election after %d ms " +
            "without one, election timeout %d ms", name().toLowerCase(java.util.Locale.ROOT),
            TimeUnit.NANOSECONDS.toMillis(leaderHeartbeatIntervalNs), TimeUnit.NANOSECONDS.toMillis(leaderHeartbeatTimeoutNs),
            TimeUnit.NANOSECONDS.toMillis(electionTimeoutNs));
    }
}
