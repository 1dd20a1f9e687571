package io.anthill.engine;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The statistics of one partition as Agrona counters, so a tool reading the counters buffer (in a memory-mapped
 * file when the host supplies one through {@link PartitionContext#countersManager}) sees them without touching the
 * process. Each counter is written by one thread.
 */
public final class PartitionCounters implements AutoCloseable
{
    final AtomicCounter commandsAccepted;
    final AtomicCounter overloaded;
    final AtomicCounter payloadTooLarge;
    final AtomicCounter journalBatches;
    final AtomicCounter entriesApplied;
    final AtomicCounter duplicates;
    final AtomicCounter requestsTooOld;
    final AtomicCounter sessionsEvicted;
    final AtomicCounter alarmsFired;
    final AtomicCounter timerTicks;
    final AtomicCounter snapshotsTaken;
    final AtomicCounter snapshotsDeferred;
    final AtomicCounter snapshotsAbandoned;
    final AtomicCounter stateMachineErrors;
    final AtomicCounter stageErrors;
    final AtomicCounter statusCode;
    final AtomicCounter queriesServed;
    final AtomicCounter queriesOverloaded;
    final AtomicCounter queriesExpired;
    final AtomicCounter shedOnQueueDelay;
    final AtomicCounter ringOccupancy;
    final AtomicCounter journalBytes;
    final AtomicCounter lastFsyncEpochMs;
    final AtomicCounter lastSnapshotOp;

    PartitionCounters(final CountersManager manager, final int partitionId)
    {
        final String prefix = "anthill partition " + partitionId + ": ";
        commandsAccepted = manager.newCounter(prefix + "commands accepted");
        overloaded = manager.newCounter(prefix + "submissions refused, ring full");
        payloadTooLarge = manager.newCounter(prefix + "submissions refused, payload too large");
        journalBatches = manager.newCounter(prefix + "journal batches");
        entriesApplied = manager.newCounter(prefix + "entries applied");
        duplicates = manager.newCounter(prefix + "duplicate requests answered from the session table");
        requestsTooOld = manager.newCounter(prefix + "requests too old");
        sessionsEvicted = manager.newCounter(prefix + "sessions evicted");
        alarmsFired = manager.newCounter(prefix + "alarms fired");
        timerTicks = manager.newCounter(prefix + "timer ticks");
        snapshotsTaken = manager.newCounter(prefix + "snapshots written");
        snapshotsDeferred = manager.newCounter(prefix + "snapshots deferred, writer busy");
        snapshotsAbandoned = manager.newCounter(prefix + "snapshots abandoned, a read model's part missing");
        stateMachineErrors = manager.newCounter(prefix + "state machine errors");
        stageErrors = manager.newCounter(prefix + "stage errors");
        statusCode = manager.newCounter(prefix + "status (PartitionStatus ordinal)");
        queriesServed = manager.newCounter(prefix + "queries answered by read models");
        queriesOverloaded = manager.newCounter(prefix + "queries refused, read queue full");
        queriesExpired = manager.newCounter(prefix + "queries refused, position not reached in time");
        shedOnQueueDelay = manager.newCounter(prefix + "writes refused, queueing delay over the SLA");
        ringOccupancy = manager.newCounter(prefix + "ring occupancy (entries not yet past every stage, sampled)");
        journalBytes = manager.newCounter(prefix + "journal bytes written since start (sampled)");
        lastFsyncEpochMs = manager.newCounter(prefix + "journal last fsync (epoch ms, sampled)");
        lastSnapshotOp = manager.newCounter(prefix + "last snapshot op");
    }

    /** @return the last sampled ring occupancy. */
    public long ringOccupancy()
    {
        return ringOccupancy.get();
    }

    /** @return the last sampled count of journal bytes written since the partition started. */
    public long journalBytes()
    {
        return journalBytes.get();
    }

    /** @return the last sampled time of the journal's last fsync, epoch ms. */
    public long lastFsyncEpochMs()
    {
        return lastFsyncEpochMs.get();
    }

    /** @return the op of the last snapshot written or restored, 0 for none. */
    public long lastSnapshotOp()
    {
        return lastSnapshotOp.get();
    }

    /** @return client commands accepted by ingress. */
    public long commandsAccepted()
    {
        return commandsAccepted.get();
    }

    /** @return submissions refused because the ring was full. */
    public long overloaded()
    {
        return overloaded.get();
    }

    /** @return submissions refused because the payload exceeded its limit. */
    public long payloadTooLarge()
    {
        return payloadTooLarge.get();
    }

    /** @return batches the journal stage ended (each one a force under BATCH durability). */
    public long journalBatches()
    {
        return journalBatches.get();
    }

    /** @return entries applied by the business logic, replayed ones included. */
    public long entriesApplied()
    {
        return entriesApplied.get();
    }

    /** @return retried requests answered with their remembered outcome. */
    public long duplicates()
    {
        return duplicates.get();
    }

    /** @return requests refused as older than the session table remembers. */
    public long requestsTooOld()
    {
        return requestsTooOld.get();
    }

    /** @return sessions evicted from a full session table. */
    public long sessionsEvicted()
    {
        return sessionsEvicted.get();
    }

    /** @return alarms fired. */
    public long alarmsFired()
    {
        return alarmsFired.get();
    }

    /** @return timer ticks applied. */
    public long timerTicks()
    {
        return timerTicks.get();
    }

    /** @return snapshots written to the snapshot store. */
    public long snapshotsTaken()
    {
        return snapshotsTaken.get();
    }

    /** @return snapshots put off because the previous one was still being written. */
    public long snapshotsDeferred()
    {
        return snapshotsDeferred.get();
    }

    /**
     * @return snapshots not written because a read model's part for the snapshot's op never came: its ring epoch
     * ended or the partition closed first, or the read model failed to write it.
     */
    public long snapshotsAbandoned()
    {
        return snapshotsAbandoned.get();
    }

    /** @return exceptions thrown by the state machine (each answered with INTERNAL_ERROR). */
    public long stateMachineErrors()
    {
        return stateMachineErrors.get();
    }

    /** @return exceptions that reached the ring's error handler from any stage. */
    public long stageErrors()
    {
        return stageErrors.get();
    }

    /** @return queries answered by the read models. */
    public long queriesServed()
    {
        return queriesServed.get();
    }

    /** @return queries refused because a read model's queue was full. */
    public long queriesOverloaded()
    {
        return queriesOverloaded.get();
    }

    /** @return queries refused because their read model did not reach their position in time. */
    public long queriesExpired()
    {
        return queriesExpired.get();
    }

    /** @return writes the node's ingress refused because this partition's queueing delay was over the SLA. */
    public long shedOnQueueDelay()
    {
        return shedOnQueueDelay.get();
    }

    /**
     * Counts a write the node's ingress refused, before the ring, because this partition's queueing delay was over
     * the SLA; the partition's housekeeper sees it as overload like a full ring.
     */
    public void recordShedOnQueueDelay()
    {
        shedOnQueueDelay.increment();
    }

    /**
     * @return every OVERLOADED refusal of this partition so far: ring full, read queue full, queueing delay shed.
     */
    long overloadRefusals()
    {
        return overloaded.get() + queriesOverloaded.get() + shedOnQueueDelay.get();
    }

    /**
     * Frees the counters, so a long-lived counters buffer can host the next partition.
     */
    @Override
    public void close()
    {
        ringOccupancy.close();
        journalBytes.close();
        lastFsyncEpochMs.close();
        lastSnapshotOp.close();
        commandsAccepted.close();
        overloaded.close();
        payloadTooLarge.close();
        journalBatches.close();
        entriesApplied.close();
        duplicates.close();
        requestsTooOld.close();
        sessionsEvicted.close();
        alarmsFired.close();
        timerTicks.close();
        snapshotsTaken.close();
        snapshotsDeferred.close();
        snapshotsAbandoned.close();
        stateMachineErrors.close();
        stageErrors.close();
        statusCode.close();
        queriesServed.close();
        queriesOverloaded.close();
        queriesExpired.close();
        shedOnQueueDelay.close();
    }
}
