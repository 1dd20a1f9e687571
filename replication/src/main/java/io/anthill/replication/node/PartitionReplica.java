package io.anthill.replication.node;

import java.util.Locale;

import io.anthill.engine.CommitGate;
import io.anthill.engine.Partition;
import io.anthill.engine.SubmitResult;
import io.anthill.journal.SnapshotInfo;
import io.anthill.journal.eventlog.EventLog;
import io.anthill.replication.core.CommitListener;
import io.anthill.replication.core.LogEntry;
import io.anthill.replication.core.Replica;
import io.anthill.replication.core.ReplicaLog;
import io.anthill.replication.core.ReplicaStatus;
import io.anthill.replication.core.StepDownResult;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * Binds one partition's ring to its replica of the protocol core, on the replication agent's thread.
 * <ul>
 *   <li>Primary: entries the ring originated arrive through the {@link ReplicationForwarder} and are submitted to
 *       the core in op order (the core journals and prepares them); a commit releases them through the
 *       {@link CommitGate}.</li>
 *   <li>Follower: the core journals what the primary prepares; committed entries are read back from the journal
 *       and published into the ring, then released.</li>
 *   <li>A view change ends the ring's epoch: the partition restarts its ring from the last applied op, the log
 *       after it is republished, and only then does a primary's ingress open.</li>
 * </ul>
 */
final class PartitionReplica implements CommitListener, ControlledMessageHandler
{
    private static final int FORWARDED_READ_LIMIT = 256;
    private static final int REPUBLISH_LIMIT = 256;

    private final Partition partition;
    private final CommitGate gate;
    private final JournalReplicaLog log;
    private final ReplicationForwarder forwarder;
    private final LogEntry entry;
    private final CatchUpLog catchUp;
    private final AtomicCounter durableCounter;
    private final AtomicCounter epochCounter;
    private final AtomicCounter snapshotsInstalledCounter;
    private final AtomicCounter journalFirstOpCounter;
    private Replica replica;
    private FileViewStore viewStore;
    private boolean logLostDurableEntries;
    private AtomicCounter viewCounter;
    private AtomicCounter statusCounter;
    private AtomicCounter commitCounter;
    private AtomicCounter[] lagCounters = new AtomicCounter[0];
    private long nowNs;
    private long commitOp;
    private long commitOpInEpochView;
    private long durableOp;
    private long publishedOp;
    private long republishUpToOp;
    private long gateOp;
    private long epochView = -1;
    private boolean epochPrimary;
    private boolean epochNormal;
    private boolean ingressOpen;
    private boolean ringDrainBeforeHandOver;
    private long handOverRequestedNs;
    private long handOverView;
    private long staleForwardedEntries;
    private long retainedAfterSnapshotOp;
    /** What a step-down request would be answered now, published by the agent thread for the node's callers. */
    private volatile StepDownResult stepDownAnswer = StepDownResult.NOT_NORMAL;

    PartitionReplica(
        final Partition partition, final CommitGate gate, final JournalReplicaLog log,
        final ReplicationForwarder forwarder, final int bodyBytesMax, final CountersManager counters)
    {
        final String prefix = "anthill partition " + partition.partitionId() + ": ";
        this.durableCounter = counters.newCounter(prefix + "journal durable op");
        this.epochCounter = counters.newCounter(prefix + "ring epochs started (view changes seen)");
        this.snapshotsInstalledCounter = counters.newCounter(prefix + "snapshots installed from peers");
        this.journalFirstOpCounter = counters.newCounter(prefix + "journal first op (after retention)");
        this.partition = partition;
        this.gate = gate;
        this.log = log;
        this.forwarder = forwarder;
        this.entry = new LogEntry(bodyBytesMax);
        this.catchUp = new CatchUpLog(partition.partitionId());
    }

    void replica(final Replica replica)
    {
        this.replica = replica;
    }

    /**
     * @param viewStore             the replica's durable view record, closed with the node.
     * @param logLostDurableEntries true when the journal opened shorter than the record's commit op.
     */
    void viewStore(final FileViewStore viewStore, final boolean logLostDurableEntries)
    {
        this.viewStore = viewStore;
        this.logLostDurableEntries = logLostDurableEntries;
    }

    FileViewStore viewStore()
    {
        return viewStore;
    }

    /**
     * @return true when the replica must recover from its peers without voting: its journal lost durable entries.
     */
    boolean logLostDurableEntries()
    {
        return logLostDurableEntries;
    }

    /**
     * Publishes the replica's view, status (0 normal follower, 1 normal primary, 2 view change, 3 recovering, by
     * {@link #statusCode()}) and commit number for tools and process logs.
     */
    void counters(final AtomicCounter view, final AtomicCounter status, final AtomicCounter commit)
    {
        this.viewCounter = view;
        this.statusCounter = status;
        this.commitCounter = commit;
    }

    /**
     * Publishes, on the primary, how many ops each other replica of the group has not acknowledged (its replication
     * lag); 0 on a follower. One counter per replica index, null for this replica's own.
     */
    void lagCounters(final AtomicCounter[] lags)
    {
        this.lagCounters = lags;
    }

    private long statusCode()
    {
        final ReplicaStatus status = replica.status();
        if (status == ReplicaStatus.NORMAL)
        {
            return replica.isPrimary() ? 1 : 0;
        }
        return 1 + status.ordinal();
    }

    Replica replica()
    {
        return replica;
    }

    Partition partition()
    {
        return partition;
    }

    /**
     * On a primary: takes what the ring forwarded and writes the Prepares, before {@link #doWork} forces the journal,
     * so the agent can put them on the wire first.
     */
    int sendForwarded(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = 0;
        if (epochPrimary && ingressOpen)
        {
            forwarder.consumer(Thread.currentThread());
            work += forwarder.entries().controlledRead(this, FORWARDED_READ_LIMIT);
            replica.flush();
        }
        return work;
    }

    /**
     * The rest of a duty cycle, after {@link #sendForwarded}: forces the journal, acknowledges, ticks, commits.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = 0;
        if (ringDrainBeforeHandOver)
        {
            work += handOverOnceRingDrained();
        }
        final long durable = log.endBatch();
        if (durable > durableOp)
        {
            durableOp = durable;
            replica.onDurable();
            work++;
        }
        replica.onTick(nowNs);
        if (null != viewCounter)
        {
            viewCounter.setRelease(replica.view());
            statusCounter.setRelease(statusCode());
            commitCounter.setRelease(commitOp);
        }
        for (int i = 0; i < lagCounters.length; i++)
        {
            if (null != lagCounters[i])
            {
                lagCounters[i].setRelease(replica.lagOf(i));
            }
        }
        durableCounter.setRelease(durableOp);
        publishStepDownAnswer();
        retainJournal();
        catchUp.update(replica, partition, nowNs);
        // release what the core committed into the epoch that committed it, before a view change may end that epoch:
        // its ring then applies and answers those entries instead of dropping them (their clients would have to resend).
        // Only commits decided in the epoch's own view: a commit number learned from a newer view (its StartView) covers
        // that view's log, which may have replaced the entries this ring holds (a paused primary's uncommitted tail)
        releaseCommitted(commitOpInEpochView);
        work += syncEpoch();
        work += publishLog();
        releaseCommitted(commitOp);
        return work;
    }

    private void publishStepDownAnswer()
    {
        final StepDownResult answer;
        if (replica.status() != ReplicaStatus.NORMAL)
        {
            answer = StepDownResult.NOT_NORMAL;
        }
        else if (!replica.isPrimary())
        {
            answer = StepDownResult.NOT_PRIMARY;
        }
        else
        {
            answer = replica.isHandingOver() || ringDrainBeforeHandOver ? StepDownResult.IN_PROGRESS : StepDownResult.STARTED;
        }
        if (answer != stepDownAnswer)
        {
            stepDownAnswer = answer;
        }
    }

    /**
     * Any thread: what a step-down request would be answered as of the agent's last duty cycle.
     */
    StepDownResult stepDownAnswer()
    {
        return stepDownAnswer;
    }

    /**
     * Agent thread: the operator asks this replica to hand the primary role over to the next replica. A primary whose
     * ring takes commands first closes its ingress (new commands are refused and retried by their clients) and
     * submits to the core every entry the ring already took, so each is committed and answered by this ring; only
     * then is the core asked to step down (see {@link #handOverOnceRingDrained()}).
     */
    void stepDown()
    {
        if (replica.isPrimary() && !replica.isHandingOver() && epochPrimary && ingressOpen && !ringDrainBeforeHandOver)
        {
            partition.closeIngress();
            ringDrainBeforeHandOver = true;
            handOverRequestedNs = nowNs;
            handOverView = replica.view();
            EventLog.info("step_down_requested", "partition", partition.partitionId(), "view", replica.view(),
                "ring_op", partition.lastOpInRing(), "last_op", log.lastOp());
        }
        else if (!ringDrainBeforeHandOver)
        {
            askCoreToStepDown();
        }
        publishStepDownAnswer();
    }

    private int handOverOnceRingDrained()
    {
        if (!(replica.isPrimary() && replica.view() == handOverView && epochPrimary && ingressOpen))
        {
            ringDrainBeforeHandOver = false; // a view change overtook the request; the new epoch opens its own ingress
            return 1;
        }
        final boolean ringDrained = log.lastOp() >= partition.lastOpInRing();
        if (!ringDrained && nowNs - handOverRequestedNs < replica.context().handOverTimeoutNs())
        {
            return 0;
        }
        ringDrainBeforeHandOver = false;
        if (askCoreToStepDown() != StepDownResult.STARTED && replica.isPrimary() && !replica.isHandingOver())
        {
            partition.openIngress(); // the core refused (a group of one): serve again
        }
        return 1;
    }

    private StepDownResult askCoreToStepDown()
    {
        final StepDownResult result = replica.stepDown(nowNs);
        EventLog.info("step_down", "partition", partition.partitionId(), "view", replica.view(), "result", result,
            "commit_op", commitOp, "last_op", log.lastOp());
        return result;
    }

    void onMessage(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        replica.onMessage(nowNs, buffer, offset, length);
    }

    /**
     * Agent thread, from the core's snapshot transfer: a peer's snapshot is stored. The partition loads it (its ring
     * restarts after the snapshot's op, not primary) and the core restarts the log after that op right after this
     * returns; the entries after it then reach the ring like any catch-up.
     */
    void onSnapshotStored(final SnapshotInfo info)
    {
        forwarder.epochEnding(true);
        final long op = partition.installLatestSnapshot(replica.view());
        epochCounter.increment();
        forwarder.epochEnding(false);
        if (op != info.op())
        {
            throw new IllegalStateException("partition " + partition.partitionId() + " loaded the snapshot at op " + op +
                " instead of the one installed at op " + info.op());
        }
        log.expectRestartAfter(op, info.view());
        snapshotsInstalledCounter.increment();
        publishedOp = op;
        gateOp = op;
        republishUpToOp = op;
        ingressOpen = false;
        partition.openIngress();
    }

    /**
     * Retention: once a newer snapshot is on disk, journal cycle files wholly before the oldest kept snapshot go (the
     * roll cycle is the window in which a lagging peer still catches up from this log; after it, by snapshot).
     */
    private void retainJournal()
    {
        final long snapshotOp = partition.counters().lastSnapshotOp();
        if (snapshotOp != retainedAfterSnapshotOp)
        {
            retainedAfterSnapshotOp = snapshotOp;
            partition.snapshotStore().retainJournal(log.journal());
        }
        journalFirstOpCounter.setRelease(log.firstOp());
    }

    @Override
    public void onCommit(final long op)
    {
        commitOp = op;
        if (null != replica && replica.view() == epochView)
        {
            commitOpInEpochView = op;
        }
    }

    @Override
    public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long view = buffer.getLong(index);
        final long op = buffer.getLong(index + Long.BYTES);
        final long timestampNs = buffer.getLong(index + 2 * Long.BYTES);
        if (view != epochView || op != log.lastOp() + 1)
        {
            staleForwardedEntries++;
            return Action.CONTINUE;
        }
        final int bodyOffset = index + ReplicationForwarder.HEADER_BYTES;
        final long assigned = replica.submit(timestampNs, buffer, bodyOffset, length - ReplicationForwarder.HEADER_BYTES);
        if (assigned == Replica.BACK_PRESSURE)
        {
            return Action.ABORT;
        }
        if (assigned < 0)
        {
            staleForwardedEntries++;
            return Action.CONTINUE;
        }
        if (assigned != op || log.lastAppendedTimestampNs() != timestampNs)
        {
            throw new IllegalStateException("core assigned op " + assigned + " at " + log.lastAppendedTimestampNs() +
                " to ring entry op " + op + " at " + timestampNs);
        }
        return Action.CONTINUE;
    }

    /**
     * Starts a ring epoch when the replica enters a view as primary or follower, or leaves normal operation.
     */
    private int syncEpoch()
    {
        final boolean normal = replica.status() == ReplicaStatus.NORMAL;
        final boolean primary = normal && replica.isPrimary();
        if (normal == epochNormal && (!normal || (replica.view() == epochView && primary == epochPrimary)))
        {
            return 0;
        }
        forwarder.epochEnding(true);
        EventLog.info("epoch_start", "partition", partition.partitionId(), "view", replica.view(), "role",
            primary ? "primary" : normal ? "follower" : replica.status().name().toLowerCase(Locale.ROOT), "applied_op",
            partition.appliedOp());
        partition.startEpoch(replica.view(), primary);
        epochCounter.increment();
        forwarder.epochEnding(false);
        forwarder.entries().read((msgTypeId, buffer, index, length) -> staleForwardedEntries++, Integer.MAX_VALUE);
        epochView = replica.view();
        commitOpInEpochView = commitOp;
        epochNormal = normal;
        epochPrimary = primary;
        ingressOpen = false;
        publishedOp = partition.appliedOp();
        gateOp = publishedOp;
        republishUpToOp = primary ? log.lastOp() : commitOp;
        if (!primary)
        {
            partition.openIngress();
        }
        return 1;
    }

    private int publishLog()
    {
        if (!epochPrimary)
        {
            republishUpToOp = Math.max(republishUpToOp, Math.min(commitOp, log.lastOp()));
        }
        int published = 0;
        while (publishedOp < republishUpToOp && published < REPUBLISH_LIMIT)
        {
            final long op = publishedOp + 1;
            if (log.read(op, entry) != ReplicaLog.ReadResult.OK)
            {
                break;
            }
            final SubmitResult result = partition.publishReplicated(entry.view(), op, entry.timestampNs(),
                entry.body(), 0, entry.bodyLength());
            if (result != SubmitResult.ACCEPTED)
            {
                break;
            }
            publishedOp = op;
            published++;
        }
        if (epochPrimary && !ingressOpen && publishedOp >= republishUpToOp)
        {
            partition.openIngress();
            ingressOpen = true;
        }
        return published;
    }

    private void releaseCommitted(final long committedOp)
    {
        final long inRing = epochPrimary && ingressOpen ? partition.lastOpInRing() : publishedOp;
        final long releasable = Math.min(committedOp, inRing);
        if (releasable > gateOp)
        {
            gate.commit(releasable);
            gateOp = releasable;
        }
    }

    /**
     * Any thread, once the agent no longer runs this replica: closes the partition and frees its counters.
     */
    void close()
    {
        CloseHelper.quietCloseAll(partition, durableCounter, epochCounter, snapshotsInstalledCounter, journalFirstOpCounter,
            viewCounter, statusCounter, commitCounter);
        CloseHelper.quietCloseAll(lagCounters);
    }

    long staleForwardedEntries()
    {
        return staleForwardedEntries;
    }

    long nowNs()
    {
        return nowNs;
    }

    /**
     * Any thread: the status code published by the agent's last duty cycle (see {@link #counters}), -1 before it.
     */
    long publishedStatusCode()
    {
        return null == statusCounter ? -1 : statusCounter.get();
    }

    /** Any thread: the view published by the agent's last duty cycle. */
    long publishedView()
    {
        return null == viewCounter ? 0 : viewCounter.get();
    }

    /** Any thread: the commit number published by the agent's last duty cycle. */
    long publishedCommitOp()
    {
        return null == commitCounter ? 0 : commitCounter.get();
    }

    /** Any thread: the last op durable in the journal, as published by the agent's last duty cycle. */
    long publishedDurableOp()
    {
        return durableCounter.get();
    }
}
