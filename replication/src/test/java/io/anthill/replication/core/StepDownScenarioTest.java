package io.anthill.replication.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anthill.codecs.replication.PrepareDecoder;
import io.anthill.codecs.replication.StartViewChangeDecoder;
import org.junit.jupiter.api.Test;

/**
 * The planned hand-over of the core alone, message by message: a primary asked to step down takes no new entry,
 * lets what it prepared commit, then starts the view change to the next replica, which takes over with every entry.
 */
class StepDownScenarioTest
{
    private static final long TICK_NS = 1_000_000L;

    @Test
    void shouldHandOverToTheNextReplicaOnlyOnceEveryPreparedOpCommitted()
    {
        final ManualGroup group = new ManualGroup(3);
        assertEquals(1, group.submit(0, "a"));
        assertEquals(2, group.submit(0, "b"));

        assertEquals(StepDownResult.STARTED, group.replicas[0].stepDown(group.nowNs));
        assertTrue(group.replicas[0].isHandingOver());
        assertTrue(group.replicas[0].isPrimary(), "still the primary until its prepared ops commit");
        assertEquals(Replica.NOT_PRIMARY, group.submit(0, "c"), "no new entry while handing over");
        assertEquals(0, group.count(StartViewChangeDecoder.TEMPLATE_ID, 0), "nothing committed yet: no view change");

        group.deliverAll(-1);
        assertEquals(2, group.committed[0]);
        group.tickAll(TICK_NS, -1);
        assertEquals(ReplicaStatus.VIEW_CHANGE, group.replicas[0].status());
        assertEquals(2, group.count(StartViewChangeDecoder.TEMPLATE_ID, 0));
        group.deliverAll(-1);

        assertTrue(group.replicas[1].isPrimary(), group.replicas[1].toString());
        assertEquals(1, group.replicas[1].view());
        for (int i = 0; i < 3; i++)
        {
            assertEquals(ReplicaStatus.NORMAL, group.replicas[i].status(), group.replicas[i].toString());
            assertEquals(2, group.logs[i].lastOp(), "no entry lost and none added: " + group.replicas[i]);
        }
        assertFalse(group.replicas[0].isHandingOver());
        assertEquals(1, group.replicas[0].handOvers());
        assertEquals(3, group.submit(1, "c"));
        group.deliverAll(-1);
        assertEquals(3, group.committed[1]);
    }

    @Test
    void shouldStartTheViewChangeAtOnceWhenNothingIsPending()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.deliverAll(-1);
        assertEquals(StepDownResult.STARTED, group.replicas[0].stepDown(group.nowNs));
        assertEquals(ReplicaStatus.VIEW_CHANGE, group.replicas[0].status());
        group.deliverAll(-1);
        assertTrue(group.replicas[1].isPrimary());
    }

    @Test
    void shouldMoveThePrimaryRoundTheGroupOneReplicaPerStepDown()
    {
        final ManualGroup group = new ManualGroup(3);
        for (int round = 1; round <= 4; round++)
        {
            final int primary = (round - 1) % 3;
            group.submit(primary, "w" + round);
            assertEquals(StepDownResult.STARTED, group.replicas[primary].stepDown(group.nowNs));
            group.deliverAll(-1);
            group.tickAll(TICK_NS, -1);
            group.deliverAll(-1);
            assertTrue(group.replicas[round % 3].isPrimary(), "round " + round + ": " + group.replicas[round % 3]);
            assertEquals(round, group.replicas[round % 3].view());
            assertEquals(round, group.replicas[round % 3].commitOp(), "every write committed once, in order");
        }
    }

    @Test
    void shouldHandOverAtTheDeadlineEvenWhenAPreparedOpCannotCommit()
    {
        final ManualGroup group = new ManualGroup(3);
        group.submit(0, "a");
        group.syncAll();
        group.dropWhere(PrepareDecoder.TEMPLATE_ID);
        assertEquals(StepDownResult.STARTED, group.replicas[0].stepDown(group.nowNs));
        group.dropWhere(PrepareDecoder.TEMPLATE_ID);
        group.tickAll(ReplicaContext.HAND_OVER_TIMEOUT_NS_DEFAULT, -1);
        assertEquals(ReplicaStatus.VIEW_CHANGE, group.replicas[0].status(), "the deadline passed: hand over anyway");
        group.dropWhere(PrepareDecoder.TEMPLATE_ID);
        group.deliverAll(-1);
        assertTrue(group.replicas[1].isPrimary(), group.replicas[1].toString());
        assertEquals(0, group.committed[0], "never acknowledged: the view change may keep or drop it, as any would");
        group.tickAll(TICK_NS, -1);
        group.deliverAll(-1);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(ReplicaStatus.NORMAL, group.replicas[i].status(), group.replicas[i].toString());
            assertEquals(group.logs[1].lastOp(), group.logs[i].lastOp(), "one log for the new view");
        }
    }

    @Test
    void shouldAnswerWhyNotWhenNotTheNormalPrimary()
    {
        final ManualGroup group = new ManualGroup(3);
        assertEquals(StepDownResult.NOT_PRIMARY, group.replicas[1].stepDown(group.nowNs));
        group.submit(0, "a");
        assertEquals(StepDownResult.STARTED, group.replicas[0].stepDown(group.nowNs));
        assertEquals(StepDownResult.IN_PROGRESS, group.replicas[0].stepDown(group.nowNs));
        group.deliverAll(-1);
        group.tickAll(TICK_NS, -1);
        assertEquals(StepDownResult.NOT_NORMAL, group.replicas[0].stepDown(group.nowNs));
        assertEquals(StepDownResult.SINGLE_REPLICA, new ManualGroup(1).replicas[0].stepDown(0));
    }
}
