package io.anthill.replication.node;

import io.anthill.engine.Partition;
import io.anthill.journal.eventlog.EventLog;
import io.anthill.replication.core.Replica;
import io.anthill.replication.core.ReplicaStatus;

/**
 * Logs a replica's catch-up as two event-log lines: {@code catch_up_start} when it enters recovery (a restarted
 * replica, or one whose log failed a checksum and is repaired from its peers), and {@code catch_up_end} once it is
 * back in normal operation and its partition has applied everything it knows to be committed, with how many ops that
 * took and how long. Called from the replication agent's duty cycle, where it costs a field read and a branch unless
 * a catch-up is under way.
 */
final class CatchUpLog
{
    private final int partitionId;
    private boolean catchingUp;
    private long startNs;
    private long startAppliedOp;

    CatchUpLog(final int partitionId)
    {
        this.partitionId = partitionId;
    }

    /**
     * @param replica   the replica.
     * @param partition its partition, read only while a catch-up is under way.
     * @param nowNs     the time now.
     */
    void update(final Replica replica, final Partition partition, final long nowNs)
    {
        if (!catchingUp)
        {
            if (replica.status() == ReplicaStatus.RECOVERING)
            {
                catchingUp = true;
                startNs = nowNs;
                startAppliedOp = partition.appliedOp();
                EventLog.info("catch_up_start", "partition", partitionId, "applied_op", startAppliedOp);
            }
            return;
        }
        final long appliedOp = partition.appliedOp();
        if (replica.status() == ReplicaStatus.NORMAL && appliedOp >= replica.commitOp())
        {
            catchingUp = false;
            EventLog.info("catch_up_end", "partition", partitionId, "view", replica.view(), "applied_op", appliedOp,
                "ops", appliedOp - startAppliedOp, "duration_ms", (nowNs - startNs) / 1_000_000);
        }
    }
}
