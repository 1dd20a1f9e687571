package io.anthill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The session table's shortcuts keep its state exactly as before: {@code record} reuses the session its command's
 * {@code check} found, never one a snapshot load or an eviction recycled in between, and a session that is already the
 * most recently active is not relinked, which must not change the eviction order.
 */
class SessionTableTest
{
    private static final UnsafeBuffer RESPONSE = new UnsafeBuffer(new byte[] {1, 2, 3});

    @Test
    void shouldEvictTheLeastRecentlyActiveSessionWhenTheMostRecentOneIsRecordedAgain()
    {
        final SessionTable table = new SessionTable(2, 4);
        apply(table, 1, 1, 1);
        apply(table, 2, 1, 2);
        apply(table, 2, 2, 3); // already the most recent: not relinked
        apply(table, 2, 3, 4);
        apply(table, 3, 1, 5); // a new session at a full table evicts session 1

        assertEquals(1, table.drainEvictions());
        assertEquals(DedupVerdict.NEW, table.check(1, 1));
        assertEquals(DedupVerdict.DUPLICATE, table.check(2, 3));
        assertEquals(DedupVerdict.DUPLICATE, table.check(3, 1));
        assertEquals(2, table.leastRecent().sessionId);
        assertSame(null, table.leastRecent().older);
        assertEquals(3, table.leastRecent().newer.sessionId);
    }

    @Test
    void shouldKeepTheActivityOrderWhenTheMostRecentSessionRepeats()
    {
        final SessionTable table = new SessionTable(4, 4);
        apply(table, 7, 1, 1);
        apply(table, 8, 1, 2);
        apply(table, 8, 2, 3);
        apply(table, 8, 3, 4);
        apply(table, 7, 2, 5);

        assertEquals(8, table.leastRecent().sessionId);
        assertEquals(7, table.leastRecent().newer.sessionId);
        assertSame(null, table.leastRecent().newer.newer);
        assertEquals(5, table.leastRecent().newer.lastActiveOp);
        assertEquals(4, table.leastRecent().lastActiveOp);
    }

    @Test
    void shouldNotReuseASessionThatWasClearedBetweenCheckAndRecord()
    {
        final SessionTable table = new SessionTable(2, 4);
        apply(table, 1, 1, 1);
        assertEquals(DedupVerdict.NEW, table.check(1, 2));
        table.clear(); // a snapshot load between the check and the record: the found record went back to the pool
        table.record(1, 2, 2, 0, RESPONSE, RESPONSE.capacity());

        assertEquals(1, table.size());
        assertEquals(DedupVerdict.DUPLICATE, table.check(1, 2));
        assertEquals(DedupVerdict.NEW, table.check(1, 3));
        assertEquals(1, table.leastRecent().sessionId);
    }

    @Test
    void shouldNotReuseASessionEvictedBetweenCheckAndRecord()
    {
        final SessionTable table = new SessionTable(1, 4);
        apply(table, 1, 1, 1);
        assertEquals(DedupVerdict.NEW, table.check(1, 2));
        table.record(2, 1, 2, 0, RESPONSE, RESPONSE.capacity()); // evicts session 1, whose record check() found
        table.record(1, 2, 3, 0, RESPONSE, RESPONSE.capacity());

        assertEquals(1, table.size());
        assertEquals(1, table.leastRecent().sessionId);
        assertEquals(DedupVerdict.NEW, table.check(2, 1), "session 2 was evicted in turn");
    }

    private static void apply(final SessionTable table, final long sessionId, final long requestId, final long op)
    {
        assertEquals(DedupVerdict.NEW, table.check(sessionId, requestId));
        table.record(sessionId, requestId, op, 0, RESPONSE, RESPONSE.capacity());
    }
}
