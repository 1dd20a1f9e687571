package io.anthill.replication.sim;

import java.util.SplittableRandom;
import java.util.TreeMap;

import io.anthill.replication.core.Replica;
import io.anthill.replication.core.ReplicaContext;
import io.anthill.replication.core.ReplicaStatus;
import io.anthill.replication.core.StepDownResult;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One simulated replica process: the production {@link Replica} core over a {@link SimLog}, the applied layer
 * ({@link AppliedLedger} with the bank), a local clock with skew and jumps, and the client front door of the
 * primary. It can crash (losing unsynced log data and all memory), restart, pause, and run out of disk.
 */
final class SimNode
{
    static final long TICK_NS = 10_000_000L;
    /** A snapshot every this many applied ops; the log then keeps only RETAINED_OPS before it. */
    static final long SNAPSHOT_INTERVAL_OPS = 64;
    static final long RETAINED_OPS = 16;
    static final int SNAPSHOT_CHUNK_BYTES = 64;

    /** A client request this primary appended and answers once it commits. */
    private static final class Pending
    {
        final SimClient client;
        final long requestId;
        final long view;

        Pending(final SimClient client, final long requestId, final long view)
        {
            this.client = client;
            this.requestId = requestId;
            this.view = view;
        }
    }

    final int group;
    final int index;
    private final Simulation sim;
    private final SplittableRandom random;
    private final SimLog log = new SimLog();
    private final SimViewStore viewStore = new SimViewStore(log);
    private final SimSnapshotStore snapshots = new SimSnapshotStore(this);
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final UnsafeBuffer inbound = new UnsafeBuffer(0, 0);
    private Replica replica;
    private AppliedLedger ledger;
    private boolean up;
    private int incarnation;
    private long pausedUntilNs;
    private boolean fsyncScheduled;
    private long slowFsyncUntilNs;
    private double clockDrift;
    private long clockOffsetNs;
    boolean latentCorruption;
    private boolean snapshotCorrupt;
    private long repairsSeen;
    private long corruptOpFound;
    private String lastDescribed = "";
    private boolean crashArmed;
    private boolean crashArmedTorn;

    SimNode(final Simulation sim, final SplittableRandom random, final int group, final int index)
    {
        this.sim = sim;
        this.random = random;
        this.group = group;
        this.index = index;
        log.verifyChecksums(!sim.config().logSkipsChecksum);
    }

    Replica replica()
    {
        return replica;
    }

    SimLog log()
    {
        return log;
    }

    AppliedLedger ledger()
    {
        return ledger;
    }

    boolean isUp()
    {
        return up;
    }

    boolean isPaused()
    {
        return sim.nowNs() < pausedUntilNs;
    }

    long localNowNs()
    {
        return clockOffsetNs + (long)(sim.nowNs() * (1.0 + clockDrift));
    }

    void skewClock(final double drift)
    {
        clockDrift = drift;
    }

    void jumpClock(final long deltaNs)
    {
        clockOffsetNs = Math.max(-sim.nowNs() / 2, clockOffsetNs + deltaNs);
    }

    void pause(final long untilNs)
    {
        pausedUntilNs = Math.max(pausedUntilNs, untilNs);
    }

    /**
     * The operator's planned hand-over of this node's replica, at its local time.
     */
    StepDownResult stepDown()
    {
        final StepDownResult[] result = {StepDownResult.NOT_NORMAL};
        guarded(() -> result[0] = replica.stepDown(localNowNs()));
        return result[0];
    }

    void slowFsync(final long untilNs)
    {
        slowFsyncUntilNs = untilNs;
    }

    /**
     * Arms a crash for the next input that leaves unsynced entries: the worst moment for durability.
     */
    void armCrash(final boolean tornWrites)
    {
        crashArmed = true;
        crashArmedTorn = tornWrites;
    }

    void disarmCrash()
    {
        crashArmed = false;
    }

    boolean isImpaired()
    {
        return snapshotCorrupt || crashArmed || !up || replica.status() == ReplicaStatus.RECOVERING || log.isDiskFull() || latentCorruption;
    }

    private ReplicaContext context()
    {
        return new ReplicaContext()
            .partitionId(group)
            .replicaIndex(index)
            .replicaCount(sim.config().replicas)
            .bodyBytesMax(AppliedLedger.HEADER_LENGTH + BankStateMachine.PAYLOAD_LENGTH)
            .snapshotChunkBytes(SNAPSHOT_CHUNK_BYTES) // snapshots here are ~0.5 KiB: small chunks exercise resumption
            .defect(sim.config().defect);
    }

    void start(final boolean fresh)
    {
        up = true;
        incarnation++;
        fsyncScheduled = false;
        pending.clear();
        ledger = new AppliedLedger(sim.config().accounts);
        replica = new Replica(context(), this::send, log, this::onCommit, viewStore, snapshots);
        repairsSeen = 0;
        if (fresh)
        {
            replica.bootstrap(localNowNs());
        }
        else
        {
            final long badOp = log.openAndScan();
            if (badOp > 0)
            {
                sim.trace().fault(sim.nowNs(), "g" + group + "r" + index + " log cut at corrupt op " + badOp + " on open");
            }
            // entries below the snapshot do not matter; durable (so possibly acknowledged) ones above it do
            boolean lostDurable = log.lastScanLostDurableAbove(snapshots.snapshotOp());
            if (snapshots.snapshotOp() > 0 && !AppliedLedger.isIntact(snapshots.bytes()))
            {
                // the state the log was trimmed against is gone: start empty and recover everything from peers
                sim.trace().fault(sim.nowNs(), "g" + group + "r" + index + " snapshot failed its CRC on open: state wiped");
                snapshots.discard();
                log.resetTo(0);
                lostDurable = true;
            }
            if (snapshots.snapshotOp() > 0)
            {
                ledger.load(snapshots.bytes());
                if (log.lastOp() < snapshots.snapshotOp())
                {
                    log.resetTo(snapshots.snapshotOp()); // the log ends before the snapshot: start it after
                }
            }
            replica.recover(localNowNs(), random.nextLong(), lostDurable);
        }
        latentCorruption = false;
        snapshotCorrupt = false;
        scheduleTick();
    }

    void crash(final boolean tornWrites)
    {
        final String damage = log.crash(random, tornWrites);
        up = false;
        crashArmed = false;
        incarnation++;
        pending.clear();
        sim.trace().fault(sim.nowNs(), "g" + group + "r" + index + " crash: " + damage);
    }

    private void scheduleTick()
    {
        final int tickIncarnation = incarnation;
        sim.schedule(sim.nowNs() + TICK_NS + random.nextLong(1_000_000L), "tick", group, index, () ->
        {
            if (up && tickIncarnation == incarnation)
            {
                if (!isPaused())
                {
                    guarded(() ->
                    {
                        replica.onTick(localNowNs());
                        if (ledger.appliedOp() < replica.commitOp())
                        {
                            onCommit(replica.commitOp()); // the applied layer catches up after a repair
                        }
                    });
                }
                scheduleTick();
            }
        });
    }

    private void send(final int to, final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        sim.network().replicaToReplica(group, index, to, bytes);
    }

    void deliver(final int from, final byte[] message)
    {
        if (!up)
        {
            return;
        }
        if (isPaused())
        {
            // a paused process reads its socket later, in order
            final int deliverIncarnation = incarnation;
            sim.schedule(pausedUntilNs, "deliver-late", group, index, () ->
            {
                if (deliverIncarnation == incarnation)
                {
                    deliver(from, message);
                }
            });
            return;
        }
        sim.trace().mix(java.util.Arrays.hashCode(message));
        inbound.wrap(message);
        guarded(() -> replica.onMessage(localNowNs(), inbound, 0, message.length));
    }

    /**
     * Runs one input of the core; afterwards schedules an fsync for new entries and notices repairs. A full disk
     * crashes the process; any other exception is an invariant violation and fails the run.
     */
    private void guarded(final Runnable input)
    {
        try
        {
            input.run();
        }
        catch (final SimLog.DiskFullException ex)
        {
            crash(false);
            sim.scheduleRestart(this);
            return;
        }
        if (sim.config().verbose)
        {
            final String now = replica.status() + " view=" + replica.view() + " lnv=" + replica.lastNormalView();
            if (!now.equals(lastDescribed))
            {
                lastDescribed = now;
                System.out.printf("%10.3f ms g%dr%d %s%n", sim.nowNs() / 1e6, group, index, replica);
            }
        }
        if (crashArmed && up && log.lastOp() > log.durableOp())
        {
            crashArmed = false;
            crash(crashArmedTorn);
            sim.scheduleRestart(this);
            return;
        }
        if (corruptOpFound > 0)
        {
            final long op = corruptOpFound;
            corruptOpFound = 0;
            replica.onLogCorrupt(op);
        }
        if (replica.repairs() != repairsSeen)
        {
            repairsSeen = replica.repairs();
            latentCorruption = false;
            sim.trace().fault(sim.nowNs(), "g" + group + "r" + index + " detected corruption, repairing from peers");
        }
        maybeScheduleFsync();
    }

    private void maybeScheduleFsync()
    {
        if (fsyncScheduled || log.lastOp() <= log.durableOp())
        {
            return;
        }
        fsyncScheduled = true;
        final int fsyncIncarnation = incarnation;
        long delay = 200_000L + random.nextLong(800_000L);
        if (sim.nowNs() < slowFsyncUntilNs)
        {
            delay += 20_000_000L + random.nextLong(200_000_000L);
        }
        sim.schedule(sim.nowNs() + delay, "fsync", group, index, () ->
        {
            if (up && fsyncIncarnation == incarnation)
            {
                fsyncScheduled = false;
                if (log.sync() && !isPaused())
                {
                    guarded(replica::onDurable);
                }
                maybeScheduleFsync();
            }
        });
    }

    private void onCommit(final long op)
    {
        for (long next = ledger.appliedOp() + 1; next <= op; next++)
        {
            if (next > log.lastOp())
            {
                return; // repairing: the entry comes back from a peer, then the applied layer catches up
            }
            final byte[] body = log.bodyOf(next);
            if (body == null)
            {
                corruptOpFound = next; // reported to the core after this input returns: no re-entrant call
                return;
            }
            sim.checkCommitted(this, next, log.viewOf(next), log.crcOf(next), body);
            final AppliedLedger.Outcome outcome = ledger.apply(next, 0, body);
            sim.checkApplied(this, next, outcome);
            if (next % SNAPSHOT_INTERVAL_OPS == 0)
            {
                snapshots.take(next, ledger.snapshot());
                snapshotCorrupt = false;
                log.deleteBefore(next - RETAINED_OPS);
            }
            final Pending waiting = pending.remove(next);
            if (waiting != null && waiting.client.sessionId == outcome.sessionId && waiting.requestId == outcome.requestId)
            {
                sim.onAcknowledged(this, waiting.view, waiting.client, waiting.requestId);
                sim.network().replicaToClient(waiting.client,
                    new SimClient.Reply(waiting.requestId, SimClient.Reply.OK, index, outcome.response.clone()));
            }
        }
    }

    /**
     * Called by the snapshot store when a peer's snapshot was received intact: it becomes the applied state.
     */
    void installSnapshot(final long op, final byte[] bytes)
    {
        ledger.load(bytes);
        sim.trace().fault(sim.nowNs(), "g" + group + "r" + index + " installed a snapshot at op " + op);
    }

    boolean flipSnapshotBit()
    {
        snapshotCorrupt = snapshots.flipBit(random);
        return snapshotCorrupt;
    }

    long snapshotsInstalled()
    {
        return snapshots.installs();
    }

    void onClientRequest(final SimClient.Request request)
    {
        if (!up || isPaused())
        {
            return;
        }
        if (!replica.isPrimary())
        {
            final int kind = replica.status() == ReplicaStatus.NORMAL ? SimClient.Reply.REDIRECT : SimClient.Reply.RETRY;
            sim.network().replicaToClient(request.client, new SimClient.Reply(request.requestId, kind, replica.primaryIndex(), null));
            return;
        }
        final byte[] applied = ledger.appliedResponse(request.client.sessionId, request.requestId);
        if (applied != null)
        {
            sim.onAcknowledged(this, replica.view(), request.client, request.requestId);
            sim.network().replicaToClient(request.client, new SimClient.Reply(request.requestId, SimClient.Reply.OK, index, applied));
            return;
        }
        if (ledger.isApplied(request.client.sessionId, request.requestId) || isPending(request))
        {
            return;
        }
        final byte[] body = new byte[AppliedLedger.HEADER_LENGTH + request.payload.length];
        final UnsafeBuffer buffer = new UnsafeBuffer(body);
        buffer.putLong(0, request.client.sessionId);
        buffer.putLong(8, request.requestId);
        buffer.putBytes(AppliedLedger.HEADER_LENGTH, request.payload);
        final long[] op = new long[1];
        guarded(() ->
        {
            op[0] = replica.submit(localNowNs(), buffer, 0, body.length);
            if (op[0] > 0)
            {
                pending.put(op[0], new Pending(request.client, request.requestId, replica.view()));
                replica.flush();
            }
        });
        if (op[0] <= 0 && up)
        {
            sim.network().replicaToClient(request.client,
                new SimClient.Reply(request.requestId, SimClient.Reply.RETRY, replica.primaryIndex(), null));
        }
    }

    private boolean isPending(final SimClient.Request request)
    {
        // an entry appended in an earlier view of ours may have been replaced by a view change: only this view's count
        pending.values().removeIf(p -> p.view != replica.view());
        for (final Pending p : pending.values())
        {
            if (p.client == request.client && p.requestId == request.requestId)
            {
                return true;
            }
        }
        return false;
    }
}
