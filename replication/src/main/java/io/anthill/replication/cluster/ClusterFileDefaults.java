package io.anthill.replication.cluster;

import java.util.Map;

import io.anthill.engine.node.NodeConfiguration;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * The defaults of the optional cluster-file keys, listed in docs/configuration.md.
 */
public final class ClusterFileDefaults
{
    /** Replicas per partition: 2f + 1 with f = 1. */
    public static final int REPLICATION_FACTOR = 3;
    /** An idle primary's heartbeat interval. */
    public static final long HEARTBEAT_MS = 50;
    /** Silence from the primary after which a follower starts a view change. */
    public static final long ELECTION_TIMEOUT_MS = 500;
    /** Shortest control plane credential accepted: the node's own minimum, so a file that parses also starts. */
    public static final int CREDENTIAL_LENGTH_MIN = NodeConfiguration.ADMIN_CREDENTIAL_LENGTH_MIN;
    /** Journal files roll daily: a replica down for less than about a day catches up from its peers' logs. */
    public static final String JOURNAL_ROLL = "1d";
    /** The accepted {@code journal.roll} values. */
    public static final Map<String, RollCycle> JOURNAL_ROLL_CYCLES = Map.of(
        "10m", RollCycles.TEN_MINUTELY, "1h", RollCycles.FAST_HOURLY, "6h", RollCycles.SIX_HOURLY,
        "1d", RollCycles.FAST_DAILY);

    private ClusterFileDefaults()
    {
    }
}
