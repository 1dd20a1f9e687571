package io.anthill.replication.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anthill.codecs.replication.CommitDecoder;
import io.anthill.codecs.replication.DoViewChangeDecoder;
import io.anthill.codecs.replication.PrepareDecoder;
import io.anthill.codecs.replication.PrepareOkDecoder;
import io.anthill.codecs.replication.StartViewChangeDecoder;
import io.anthill.codecs.replication.StartViewDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The protocol core alone, driven message by message: given these inputs, these messages and this state.
 */
class ReplicaScenarioTest
{
    private static final long ELECTION_NS = ReplicaContext.ELECTION_TIMEOUT_NS_DEFAULT + 1;

    @Test
    void shouldSendPrepareToEveryFollowerAndCommitOnlyWithQuorum()
    {
        final ManualGroup group = new ManualGroup(3);
        assertEquals(1, group.submit(0, "a"));
        assertEquals(2, group.count(PrepareDecoder.TEMPLATE_ID, 0));
        group.syncAll();
        assertEquals(0, group.committed[0], "the primary alone is not a quorum");
        group.deliverAll(-1);
        assertEquals(1, group.committed[0]);
        assertEquals(1, group.replicas[0].commitOp());
    }

    @Test
    void shouldNotCommitWhenPrepareOksAreLost()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.syncAll();
        final ManualGroup.Message prepare = group.inFlight.get(0);
        group.inFlight.clear();
        group.replicas[prepare.to].onMessage(group.nowNs, new UnsafeBuffer(prepare.bytes), 0, prepare.bytes.length);
        group.dropWhere(PrepareOkDecoder.TEMPLATE_ID);
        assertEquals(0, group.replicas[0].commitOp());
    }

    @Test
    void shouldCommitWithOneFollowerDownInGroupOfThree()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.deliverAll(2);
        assertEquals(1, group.committed[0]);
    }

    @Test
    void shouldRefuseClientEntriesOnAFollower()
    {
        final ManualGroup group = new ManualGroup(3);
        assertEquals(Replica.NOT_PRIMARY, group.submit(1, "a"));
    }

    @Test
    void shouldApplyBackPressureAtPendingLimit()
    {
        final ManualGroup group = new ManualGroup(3);
        for (int i = 0; i < ReplicaContext.PENDING_OPS_MAX_DEFAULT; i++)
        {
            assertTrue(group.submit(0, "x") > 0);
        }
        assertEquals(Replica.BACK_PRESSURE, group.submit(0, "x"));
    }

    @Test
    void shouldStartViewChangeWhenPrimaryIsSilent()
    {
        final ManualGroup group = new ManualGroup(3);
        group.tickAll(ELECTION_NS, 0);
        assertEquals(ReplicaStatus.VIEW_CHANGE, group.replicas[1].status());
        assertEquals(1, group.replicas[1].view());
        assertEquals(2, group.count(StartViewChangeDecoder.TEMPLATE_ID, 1));
    }

    @Test
    void shouldFailOverToNextReplicaWithCommittedEntries()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.submit(0, "b");
        group.deliverAll(-1);
        assertEquals(2, group.committed[0]);
        group.tickAll(ELECTION_NS, 0);
        group.deliverAll(0);
        assertTrue(group.replicas[1].isPrimary(), group.replicas[1].toString());
        assertEquals(1, group.replicas[1].view());
        assertEquals(ReplicaStatus.NORMAL, group.replicas[2].status());
        assertEquals(2, group.logs[1].lastOp());
        assertEquals(3, group.submit(1, "c"));
        group.deliverAll(0);
        assertEquals(3, group.committed[1]);
    }

    @Test
    void shouldKeepAnUncommittedEntryThatAQuorumHeld()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.syncAll();
        // replica 1 holds op 1, its PrepareOk is lost: nobody knows op 1 is committed
        final ManualGroup.Message toOne = group.inFlight.stream().filter(m -> m.to == 1).findFirst().orElseThrow();
        group.inFlight.clear();
        group.replicas[1].onMessage(group.nowNs, new UnsafeBuffer(toOne.bytes), 0, toOne.bytes.length);
        group.syncAll();
        group.inFlight.clear();
        group.tickAll(ELECTION_NS, 0);
        group.deliverAll(0);
        assertTrue(group.replicas[1].isPrimary());
        assertEquals(1, group.logs[2].lastOp(), "the new view's log keeps the entry f + 1 replicas may hold");
        assertEquals(1, group.replicas[1].commitOp());
    }

    @Test
    void shouldFenceAnOldPrimaryThatComesBack()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.deliverAll(-1);
        group.tickAll(ELECTION_NS, 0);
        group.deliverAll(0);
        assertTrue(group.replicas[1].isPrimary());
        // the old primary, paused through the view change, still believes it leads view 0
        assertTrue(group.replicas[0].isPrimary());
        assertEquals(2, group.submit(0, "stale"));
        group.inFlight.removeIf(m -> m.from != 0);
        group.deliverAll(-1);
        assertEquals(1, group.replicas[0].commitOp(), "no follower acknowledges a view-0 prepare");
        assertEquals(1, group.logs[1].lastOp());
        // the new primary's heartbeat tells it about view 1: it steps down and takes the view's log
        group.tickAll(ReplicaContext.HEARTBEAT_INTERVAL_NS_DEFAULT, 0);
        group.inFlight.removeIf(m -> m.templateId != CommitDecoder.TEMPLATE_ID || m.to != 0);
        group.deliverAll(-1);
        assertFalse(group.replicas[0].isPrimary());
        assertEquals(1, group.replicas[0].view());
        assertEquals(ReplicaStatus.NORMAL, group.replicas[0].status());
        assertEquals(1, group.logs[0].lastOp(), "the unacknowledged view-0 entry is gone");
        assertEquals(Replica.NOT_PRIMARY, group.submit(0, "x"));
    }

    @Test
    void shouldSendDoViewChangeToTheNextPrimaryOnly()
    {
        final ManualGroup group = new ManualGroup(3);
        group.tickAll(ELECTION_NS, 0);
        group.inFlight.removeIf(m -> m.to == 0);
        group.deliverAll(0);
        assertTrue(group.replicas[1].isPrimary());
        assertEquals(ReplicaStatus.NORMAL, group.replicas[2].status());
        assertEquals(0, group.count(DoViewChangeDecoder.TEMPLATE_ID, 1), "the new primary does not send itself one");
        assertEquals(0, group.count(StartViewDecoder.TEMPLATE_ID, 2));
    }

    @Test
    void shouldRecoverRestartedReplicaFromPeers()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.submit(0, "b");
        group.deliverAll(-1);
        final MemoryLog survivor = group.logs[2];
        final long[] committed = new long[1];
        final Replica restarted = new Replica(new ReplicaContext().replicaIndex(2).replicaCount(3),
            (to, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                group.inFlight.add(new ManualGroup.Message(2, to, bytes));
            }, survivor, op -> committed[0] = op);
        group.replicas[2] = restarted;
        restarted.recover(group.nowNs, 42);
        assertEquals(ReplicaStatus.RECOVERING, restarted.status());
        assertEquals(Replica.NOT_NORMAL, restarted.submit(group.nowNs, new UnsafeBuffer(new byte[1]), 0, 1));
        group.deliverAll(-1);
        assertEquals(ReplicaStatus.NORMAL, restarted.status());
        assertEquals(2, restarted.commitOp());
        assertEquals(2, committed[0]);
    }

    @Test
    void shouldElectAgainWhenEveryReplicaRestartsWithItsViewRecord()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.deliverAll(-1);
        final MemoryViewStore[] stores = new MemoryViewStore[3];
        for (int i = 0; i < 3; i++)
        {
            stores[i] = new MemoryViewStore();
            stores[i].persistView(group.replicas[i].view(), group.replicas[i].lastNormalView());
            restart(group, i, stores[i]);
        }
        group.deliverAll(-1);
        assertEquals(ReplicaStatus.RECOVERING, group.replicas[1].status(), "no NORMAL replica answers the recovery");
        group.tickAll(ReplicaContext.VIEW_CHANGE_TIMEOUT_NS_DEFAULT + 1, -1);
        group.deliverAll(-1);
        group.tickAll(ReplicaContext.VIEW_CHANGE_TIMEOUT_NS_DEFAULT + 1, -1);
        group.deliverAll(-1);
        int primaries = 0;
        for (final Replica replica : group.replicas)
        {
            primaries += replica.isPrimary() ? 1 : 0;
        }
        assertEquals(1, primaries);
        final int primary = group.replicas[0].primaryIndex();
        assertEquals(2, group.submit(primary, "b"), "the entry acknowledged before the power loss is kept");
        group.deliverAll(-1);
        assertEquals(2, group.replicas[primary].commitOp());
    }

    @Test
    void shouldStayRecoveringWithoutViewRecordWhenWholeGroupRestarts()
    {
        final ManualGroup group = new ManualGroup(3);
        for (int i = 0; i < 3; i++)
        {
            restart(group, i, ViewStore.VOLATILE);
        }
        group.tickAll(10 * ReplicaContext.VIEW_CHANGE_TIMEOUT_NS_DEFAULT, -1);
        group.deliverAll(-1);
        assertEquals(ReplicaStatus.RECOVERING, group.replicas[0].status());
    }

    private static void restart(final ManualGroup group, final int index, final ViewStore store)
    {
        group.logs[index].sync();
        group.replicas[index] = new Replica(new ReplicaContext().replicaIndex(index).replicaCount(3),
            (to, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                group.inFlight.add(new ManualGroup.Message(index, to, bytes));
            }, group.logs[index], op -> group.committed[index] = op, store);
        group.replicas[index].recover(group.nowNs, index, false);
    }

    @Test
    void shouldDropMalformedAndForeignMessages()
    {
        final ManualGroup group = new ManualGroup(3);
        group.replicas[1].onMessage(group.nowNs, new UnsafeBuffer(new byte[3]), 0, 3);
        final byte[] garbage = new byte[64];
        garbage[4] = 4; // schema id 4, template 0
        group.replicas[1].onMessage(group.nowNs, new UnsafeBuffer(garbage), 0, garbage.length);
        assertEquals(2, group.replicas[1].messagesDropped());
    }

    @Test
    void shouldRejectContextsThatBreakTheLimits()
    {
        assertThrows(IllegalArgumentException.class, () -> new ReplicaContext().replicaCount(4).conclude());
        assertThrows(IllegalArgumentException.class, () -> new ReplicaContext().replicaIndex(3).conclude());
        assertThrows(IllegalArgumentException.class, () -> new ReplicaContext().pendingOpsMax(64).batchEntriesMax(64).conclude());
    }
}
