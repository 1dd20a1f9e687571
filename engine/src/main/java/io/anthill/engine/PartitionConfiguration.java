package io.anthill.engine;

import io.anthill.journal.DurabilityPolicy;

/**
 * Every setting of a partition in one place: its system property, its default and its hard limit. A
 * {@link PartitionContext} falls back to these when a setter was not called, so an operator can tune a deployed
 * engine with {@code -D} flags and docs/engine.md can list them all from one class.
 */
public final class PartitionConfiguration
{
    /** Property: the partition's journal directory. Default: {@code anthill-data/partition-<id>/journal}. */
    public static final String JOURNAL_DIR_PROP = "anthill.engine.journal.dir";
    /** Property: the partition's snapshot directory. Default: {@code anthill-data/partition-<id>/snapshots}. */
    public static final String SNAPSHOT_DIR_PROP = "anthill.engine.snapshot.dir";
    /** Root of the default directories. */
    public static final String DATA_DIR_DEFAULT = "anthill-data";

    /** Property: journal durability, one of {@link DurabilityPolicy}. */
    public static final String DURABILITY_PROP = "anthill.engine.durability";
    /** Default durability: force at the end of every batch, so a response means the command is on disk. */
    public static final DurabilityPolicy DURABILITY_DEFAULT = DurabilityPolicy.BATCH;

    /** Property: force interval for {@link DurabilityPolicy#INTERVAL}, in milliseconds. */
    public static final String FORCE_INTERVAL_MS_PROP = "anthill.engine.force.interval.ms";
    /** Default force interval. */
    public static final long FORCE_INTERVAL_MS_DEFAULT = 10;

    /** Property: number of slots in the partition's ring, a power of two. */
    public static final String RING_SIZE_PROP = "anthill.engine.ring.size";
    /** Default ring size: enough to absorb a forced batch at 100k commands/s with room to spare. */
    public static final int RING_SIZE_DEFAULT = 4096;
    /** Largest ring accepted; every slot keeps its buffers for the life of the partition. */
    public static final int RING_SIZE_MAX = 1 << 20;

    /** Property: take a snapshot every this many ops; 0 means only on request. */
    public static final String SNAPSHOT_INTERVAL_OPS_PROP = "anthill.engine.snapshot.interval.ops";
    /** Default snapshot interval. */
    public static final long SNAPSHOT_INTERVAL_OPS_DEFAULT = 1_000_000;

    /** Property: how many snapshots the store keeps; the journal is kept back to the oldest of them. */
    public static final String SNAPSHOT_KEEP_COUNT_PROP = "anthill.engine.snapshot.keep.count";
    /** Default number of snapshots kept. */
    public static final int SNAPSHOT_KEEP_COUNT_DEFAULT = 3;

    /** Property: how many client sessions the dedup table remembers. */
    public static final String DEDUP_SESSION_CAPACITY_PROP = "anthill.engine.dedup.session.capacity";
    /** Default dedup session capacity. */
    public static final int DEDUP_SESSION_CAPACITY_DEFAULT = 4096;
    /** Hard limit: the snapshot's session group counts in 16 bits. */
    public static final int DEDUP_SESSION_CAPACITY_MAX = 65_535;

    /** Property: how many recent responses each session remembers for retries. */
    public static final String DEDUP_RESPONSES_PER_SESSION_PROP = "anthill.engine.dedup.responses.per.session";
    /** Default: a client may have this many requests in flight and still retry any of them. */
    public static final int DEDUP_RESPONSES_PER_SESSION_DEFAULT = 4;
    /** Hard limit on remembered responses per session. */
    public static final int DEDUP_RESPONSES_PER_SESSION_MAX = 64;

    /** Property: how many alarms a partition may hold. */
    public static final String ALARM_CAPACITY_PROP = "anthill.engine.alarm.capacity";
    /** Default alarm capacity. */
    public static final int ALARM_CAPACITY_DEFAULT = 4096;
    /** Hard limit: the snapshot's alarm group counts in 16 bits. */
    public static final int ALARM_CAPACITY_MAX = 65_535;

    /** Property: most alarms fired by one timer tick; the rest fire on the next tick. */
    public static final String ALARM_CATCH_UP_LIMIT_PROP = "anthill.engine.alarm.catch.up.limit";
    /** Default catch-up limit: bounds the pause one tick puts on the ring after a long downtime. */
    public static final int ALARM_CATCH_UP_LIMIT_DEFAULT = 64;

    /** Property: largest client payload, in bytes. */
    public static final String PAYLOAD_LENGTH_MAX_PROP = "anthill.engine.payload.length.max";
    /** Default payload limit. */
    public static final int PAYLOAD_LENGTH_MAX_DEFAULT = 4096;
    /** Property: largest response a state machine may give, in bytes. */
    public static final String RESPONSE_LENGTH_MAX_PROP = "anthill.engine.response.length.max";
    /** Default response limit. */
    public static final int RESPONSE_LENGTH_MAX_DEFAULT = 4096;
    /** Property: largest total of events one command may emit, in bytes, 4 bytes of framing per event included. */
    public static final String EVENTS_LENGTH_MAX_PROP = "anthill.engine.events.length.max";
    /** Default events limit. */
    public static final int EVENTS_LENGTH_MAX_DEFAULT = 16 * 1024;
    /** Hard limit on any one of the payload, response and events limits. */
    public static final int MESSAGE_LENGTH_LIMIT = 1 << 20;

    /** Property: the ring's wait strategy, one of {@link RingWaitStrategy}. */
    public static final String WAIT_STRATEGY_PROP = "anthill.engine.wait.strategy";
    /** Default wait strategy; docs/engine.md has the measurement behind it. */
    public static final RingWaitStrategy WAIT_STRATEGY_DEFAULT = RingWaitStrategy.PARKING;

    /** Property: how long launch waits for recovery replay to be applied, in milliseconds. */
    public static final String RECOVERY_TIMEOUT_MS_PROP = "anthill.engine.recovery.timeout.ms";
    /** Default recovery timeout. */
    public static final long RECOVERY_TIMEOUT_MS_DEFAULT = 120_000;

    /** Longest the timer and snapshot agent parks when idle: the resolution of alarm firing. */
    public static final long HOUSEKEEPING_PARK_MAX_NS = 1_000_000;

    /** How often the housekeeper reads the partition's OVERLOADED refusal counters for the event log. */
    public static final long OVERLOAD_CHECK_INTERVAL_NS = 100_000_000;

    /** Time without a new OVERLOADED refusal after which the event log says the overload ended. */
    public static final long OVERLOAD_QUIET_NS = 1_000_000_000;
    /** How long close waits for the ring to drain before halting it, in milliseconds. */
    public static final long SHUTDOWN_TIMEOUT_MS = 10_000;
    /** Counters per partition the default counters buffer has room for. */
    public static final int COUNTERS_MAX = 64;

    private PartitionConfiguration()
    {
    }

    static DurabilityPolicy durability()
    {
        return DurabilityPolicy.valueOf(System.getProperty(DURABILITY_PROP, DURABILITY_DEFAULT.name()));
    }

    static long forceIntervalMs()
    {
        return Long.getLong(FORCE_INTERVAL_MS_PROP, FORCE_INTERVAL_MS_DEFAULT);
    }

    static int ringSize()
    {
        return Integer.getInteger(RING_SIZE_PROP, RING_SIZE_DEFAULT);
    }

    static long snapshotIntervalOps()
    {
        return Long.getLong(SNAPSHOT_INTERVAL_OPS_PROP, SNAPSHOT_INTERVAL_OPS_DEFAULT);
    }

    static int snapshotKeepCount()
    {
        return Integer.getInteger(SNAPSHOT_KEEP_COUNT_PROP, SNAPSHOT_KEEP_COUNT_DEFAULT);
    }

    static int dedupSessionCapacity()
    {
        return Integer.getInteger(DEDUP_SESSION_CAPACITY_PROP, DEDUP_SESSION_CAPACITY_DEFAULT);
    }

    static int dedupResponsesPerSession()
    {
        return Integer.getInteger(DEDUP_RESPONSES_PER_SESSION_PROP, DEDUP_RESPONSES_PER_SESSION_DEFAULT);
    }

    static int alarmCapacity()
    {
        return Integer.getInteger(ALARM_CAPACITY_PROP, ALARM_CAPACITY_DEFAULT);
    }

    static int alarmCatchUpLimit()
    {
        return Integer.getInteger(ALARM_CATCH_UP_LIMIT_PROP, ALARM_CATCH_UP_LIMIT_DEFAULT);
    }

    static int payloadLengthMax()
    {
        return Integer.getInteger(PAYLOAD_LENGTH_MAX_PROP, PAYLOAD_LENGTH_MAX_DEFAULT);
    }

    static int responseLengthMax()
    {
        return Integer.getInteger(RESPONSE_LENGTH_MAX_PROP, RESPONSE_LENGTH_MAX_DEFAULT);
    }

    static int eventsLengthMax()
    {
        return Integer.getInteger(EVENTS_LENGTH_MAX_PROP, EVENTS_LENGTH_MAX_DEFAULT);
    }

    static RingWaitStrategy waitStrategy()
    {
        return RingWaitStrategy.valueOf(System.getProperty(WAIT_STRATEGY_PROP, WAIT_STRATEGY_DEFAULT.name()));
    }

    static long recoveryTimeoutMs()
    {
        return Long.getLong(RECOVERY_TIMEOUT_MS_PROP, RECOVERY_TIMEOUT_MS_DEFAULT);
    }
}
