package io.anthill.replication.core;

/**
 * Settings of one replica of one partition's group, validated by {@link #conclude()} before the replica starts.
 * Every limit is named here with its default, so the Aeron adapter and the simulator use one set of numbers.
 * Times are in nanoseconds of whatever clock the caller passes to {@link Replica#onTick(long)}.
 */
public final class ReplicaContext
{
    /** Default replicas in a group: 2f + 1 with f = 1. */
    public static final int REPLICA_COUNT_DEFAULT = 3;
    /** Largest group supported: the acknowledgement sets are bit masks of an int. */
    public static final int REPLICA_COUNT_MAX = 31;
    /** Default heartbeat (Commit message) interval of an idle primary. */
    public static final long HEARTBEAT_INTERVAL_NS_DEFAULT = 50_000_000L;
    /** Default silence from the primary after which a follower starts a view change. */
    public static final long ELECTION_TIMEOUT_NS_DEFAULT = 500_000_000L;
    /** Default time a view change may take before the next view is tried. */
    public static final long VIEW_CHANGE_TIMEOUT_NS_DEFAULT = 400_000_000L;
    /** Default longest a stepping-down primary waits for its prepared ops to commit before it hands over anyway. */
    public static final long HAND_OVER_TIMEOUT_NS_DEFAULT = 500_000_000L;
    /** Default interval between retransmissions of unacknowledged prepares and view-change messages. */
    public static final long RETRANSMIT_INTERVAL_NS_DEFAULT = 40_000_000L;
    /** Default most entries in one prepare, start-view or state message. */
    public static final int BATCH_ENTRIES_MAX_DEFAULT = 64;
    /** Default largest entry body. */
    public static final int BODY_BYTES_MAX_DEFAULT = 1024;
    /** Default most appended but uncommitted ops at the primary: bounds every log suffix a view change moves. */
    public static final int PENDING_OPS_MAX_DEFAULT = 32;
    /** Default largest snapshot chunk in one SnapshotChunk message. */
    public static final int SNAPSHOT_CHUNK_BYTES_DEFAULT = 16 * 1024;
    /** Bytes of one entry in a message besides its body: op, view, timestamp and the body length. */
    static final int ENTRY_OVERHEAD_BYTES = 8 + 8 + 8 + 4;
    /** Bytes of the largest fixed part of a message: header, block and group header. */
    static final int MESSAGE_OVERHEAD_BYTES = 8 + 64 + 4;

    private int partitionId;
    private int replicaIndex;
    private int replicaCount = REPLICA_COUNT_DEFAULT;
    private long heartbeatIntervalNs = HEARTBEAT_INTERVAL_NS_DEFAULT;
    private long electionTimeoutNs = ELECTION_TIMEOUT_NS_DEFAULT;
    private long viewChangeTimeoutNs = VIEW_CHANGE_TIMEOUT_NS_DEFAULT;
    private long retransmitIntervalNs = RETRANSMIT_INTERVAL_NS_DEFAULT;
    private long handOverTimeoutNs = HAND_OVER_TIMEOUT_NS_DEFAULT;
    private int batchEntriesMax = BATCH_ENTRIES_MAX_DEFAULT;
    private int bodyBytesMax = BODY_BYTES_MAX_DEFAULT;
    private int pendingOpsMax = PENDING_OPS_MAX_DEFAULT;
    private int snapshotChunkBytes = SNAPSHOT_CHUNK_BYTES_DEFAULT;
    private ProtocolDefect defect = ProtocolDefect.NONE;
    private boolean concluded;

    /**
     * Validates the settings; called by the {@link Replica} constructor if the caller did not.
     *
     * @return this.
     * @throws IllegalArgumentException naming the setting to fix.
     */
    public ReplicaContext conclude()
    {
        require(replicaCount >= 1 && replicaCount % 2 == 1 && replicaCount <= REPLICA_COUNT_MAX,
            "replicaCount must be odd, 1.." + REPLICA_COUNT_MAX + ": " + replicaCount);
        require(replicaIndex >= 0 && replicaIndex < replicaCount, "replicaIndex outside the group: " + replicaIndex);
        require(heartbeatIntervalNs > 0, "heartbeatIntervalNs must be positive");
        require(electionTimeoutNs > 2 * heartbeatIntervalNs, "electionTimeoutNs must exceed two heartbeats");
        require(viewChangeTimeoutNs > retransmitIntervalNs, "viewChangeTimeoutNs must exceed retransmitIntervalNs");
        require(retransmitIntervalNs > 0, "retransmitIntervalNs must be positive");
        require(handOverTimeoutNs > 0, "handOverTimeoutNs must be positive");
        require(bodyBytesMax > 0, "bodyBytesMax must be positive");
        require(pendingOpsMax > 0, "pendingOpsMax must be positive");
        require(snapshotChunkBytes > 0, "snapshotChunkBytes must be positive");
        // a view change moves the uncommitted suffix in one message: it must fit, with room for lagging commits
        require(batchEntriesMax >= 2 * pendingOpsMax, "batchEntriesMax must be at least 2 * pendingOpsMax");
        concluded = true;
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @return the largest message the replica sends: a full batch of largest bodies, or a snapshot chunk.
     */
    public int messageBytesMax()
    {
        return MESSAGE_OVERHEAD_BYTES + Math.max(batchEntriesMax * (ENTRY_OVERHEAD_BYTES + bodyBytesMax), snapshotChunkBytes);
    }

    /**
     * @param snapshotChunkBytes the largest snapshot chunk in one message.
     * @return this.
     */
    public ReplicaContext snapshotChunkBytes(final int snapshotChunkBytes)
    {
        this.snapshotChunkBytes = snapshotChunkBytes;
        return this;
    }

    /**
     * @return the largest snapshot chunk in one message.
     */
    public int snapshotChunkBytes()
    {
        return snapshotChunkBytes;
    }

    /**
     * @param partitionId the partition whose group this replica belongs to; messages of others are ignored.
     * @return this.
     */
    public ReplicaContext partitionId(final int partitionId)
    {
        this.partitionId = partitionId;
        return this;
    }

    /**
     * @return the partition id.
     */
    public int partitionId()
    {
        return partitionId;
    }

    /**
     * @param replicaIndex this replica's index in the group, 0..replicaCount-1; the primary of view v is v mod n.
     * @return this.
     */
    public ReplicaContext replicaIndex(final int replicaIndex)
    {
        this.replicaIndex = replicaIndex;
        return this;
    }

    /**
     * @return this replica's index.
     */
    public int replicaIndex()
    {
        return replicaIndex;
    }

    /**
     * @param replicaCount replicas in the group, 2f + 1.
     * @return this.
     */
    public ReplicaContext replicaCount(final int replicaCount)
    {
        this.replicaCount = replicaCount;
        return this;
    }

    /**
     * @return replicas in the group.
     */
    public int replicaCount()
    {
        return replicaCount;
    }

    /**
     * @param heartbeatIntervalNs interval of the idle primary's Commit heartbeat.
     * @return this.
     */
    public ReplicaContext heartbeatIntervalNs(final long heartbeatIntervalNs)
    {
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        return this;
    }

    /**
     * @return the heartbeat interval.
     */
    public long heartbeatIntervalNs()
    {
        return heartbeatIntervalNs;
    }

    /**
     * @param electionTimeoutNs silence from the primary after which a follower starts a view change.
     * @return this.
     */
    public ReplicaContext electionTimeoutNs(final long electionTimeoutNs)
    {
        this.electionTimeoutNs = electionTimeoutNs;
        return this;
    }

    /**
     * @return the election timeout.
     */
    public long electionTimeoutNs()
    {
        return electionTimeoutNs;
    }

    /**
     * @param handOverTimeoutNs longest a primary asked to step down waits for the ops it already prepared to commit;
     *                          past it, it starts the view change with them still uncommitted (they may survive or
     *                          not, as in any view change; their clients retry).
     * @return this.
     */
    public ReplicaContext handOverTimeoutNs(final long handOverTimeoutNs)
    {
        this.handOverTimeoutNs = handOverTimeoutNs;
        return this;
    }

    /**
     * @return longest a stepping-down primary waits for its prepared ops to commit.
     */
    public long handOverTimeoutNs()
    {
        return handOverTimeoutNs;
    }

    /**
     * @param viewChangeTimeoutNs time a view change may take before the next view is tried.
     * @return this.
     */
    public ReplicaContext viewChangeTimeoutNs(final long viewChangeTimeoutNs)
    {
        this.viewChangeTimeoutNs = viewChangeTimeoutNs;
        return this;
    }

    /**
     * @return the view change timeout.
     */
    public long viewChangeTimeoutNs()
    {
        return viewChangeTimeoutNs;
    }

    /**
     * @param retransmitIntervalNs interval of retransmissions.
     * @return this.
     */
    public ReplicaContext retransmitIntervalNs(final long retransmitIntervalNs)
    {
        this.retransmitIntervalNs = retransmitIntervalNs;
        return this;
    }

    /**
     * @return the retransmit interval.
     */
    public long retransmitIntervalNs()
    {
        return retransmitIntervalNs;
    }

    /**
     * @param batchEntriesMax most entries in one message.
     * @return this.
     */
    public ReplicaContext batchEntriesMax(final int batchEntriesMax)
    {
        this.batchEntriesMax = batchEntriesMax;
        return this;
    }

    /**
     * @return most entries in one message.
     */
    public int batchEntriesMax()
    {
        return batchEntriesMax;
    }

    /**
     * @param bodyBytesMax the largest entry body.
     * @return this.
     */
    public ReplicaContext bodyBytesMax(final int bodyBytesMax)
    {
        this.bodyBytesMax = bodyBytesMax;
        return this;
    }

    /**
     * @return the largest entry body.
     */
    public int bodyBytesMax()
    {
        return bodyBytesMax;
    }

    /**
     * @param pendingOpsMax most uncommitted ops the primary holds before it refuses new entries (back-pressure).
     * @return this.
     */
    public ReplicaContext pendingOpsMax(final int pendingOpsMax)
    {
        this.pendingOpsMax = pendingOpsMax;
        return this;
    }

    /**
     * @return most uncommitted ops.
     */
    public int pendingOpsMax()
    {
        return pendingOpsMax;
    }

    /**
     * Test only: switches on a deliberately broken protocol variant so the simulator can prove it finds it.
     *
     * @param defect the defect; {@link ProtocolDefect#NONE} in production.
     * @return this.
     */
    public ReplicaContext defect(final ProtocolDefect defect)
    {
        this.defect = defect;
        return this;
    }

    /**
     * @return the deliberate defect, {@link ProtocolDefect#NONE} unless a test set one.
     */
    public ProtocolDefect defect()
    {
        return defect;
    }
}
