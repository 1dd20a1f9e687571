package io.anthill.replication.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.QuerySink;
import io.anthill.engine.ResponseSink;
import io.anthill.engine.SubmitResult;
import io.anthill.replication.cluster.RunningTotalDomain;
import io.anthill.replication.core.StepDownResult;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A planned hand-over under continuous client load, end to end: three real nodes in one JVM over UDP on 127.0.0.1,
 * clients that do what the client library does (follow a refusal to the next node, resend the same request id after
 * a time-out), and the primary asked to step down several times. Each hand-over must move the primary to the next
 * replica in exactly one view, with no request failing and no acknowledged write lost or applied twice.
 */
class StepDownTest
{
    private static final int PARTITION = 0;
    private static final int NODES = 3;
    private static final int SESSIONS = 8;
    private static final long WRITES_PER_SECOND = 1_000;
    private static final long READS_PER_SECOND = 20_000;
    private static final int READS_IN_FLIGHT_MAX = 256;
    private static final long READ_SESSION = 99;
    private static final long RESEND_NS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long REDIRECT_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long REQUEST_DEADLINE_NS = TimeUnit.SECONDS.toNanos(15);
    private static final long STEP_TIMEOUT_MS = 30_000;
    private static final int STEP_DOWNS = 3;
    private static final int WRITES_BETWEEN_STEP_DOWNS = 1_000;

    @TempDir
    Path dir;

    private final ConcurrentHashMap<Long, Long> totalsByRequest = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final Session[] sessions = new Session[SESSIONS];
    private final long[] refusals = new long[SubmitResult.values().length];
    private EmbeddedCluster cluster;
    private long startNs;
    private long invoked;
    private long resends;
    private final ConcurrentLinkedQueue<long[]> readAnswers = new ConcurrentLinkedQueue<>();
    private final Long2LongHashMap readFloors = new Long2LongHashMap(-1);
    private final Long2LongHashMap readIssuedNs = new Long2LongHashMap(-1);
    private final UnsafeBuffer emptyQuery = new UnsafeBuffer(new byte[0]);
    private final QuerySink readSink = new ReadSink();
    private long readsInvoked;
    private long readsAnswered;
    private long readRefusals;
    private long nextReadId;
    private int readTarget;
    private long ackedTotalMax;
    private long longestRequestNs;
    private boolean invoking = true;

    /** One client session: one request outstanding at a time, resent with the same id until answered. */
    private static final class Session
    {
        final long sessionId;
        long requestId;
        boolean outstanding;
        int target;
        long invokedNs;
        long nextActionNs;
        boolean awaitingAnswer;

        Session(final long sessionId)
        {
            this.sessionId = sessionId;
        }
    }

    @AfterEach
    void closeAll()
    {
        CloseHelper.quietClose(cluster);
    }

    @Test
    void shouldHandThePrimaryToTheNextReplicaOnEachStepDownWithoutFailingOrLosingARequest()
    {
        cluster = EmbeddedCluster.start(NODES, ctx -> ctx
            .partitions(List.of(PARTITION))
            .dataDirectory(dir.resolve("node-" + ctx.nodeIndex()))
            .stateMachines(new RunningTotalDomain()::newStateMachine)
            .projections(new RunningTotalDomain()::newProjections)
            .responseSinks(partitionId -> new RecordingSink())
            // only the step-downs move the primary: no election may time out on a busy shared machine
            .electionTimeoutNs(TimeUnit.SECONDS.toNanos(5)));
        for (int s = 0; s < SESSIONS; s++)
        {
            sessions[s] = new Session(100 + s);
        }
        startNs = System.nanoTime();
        runLoadUntil("warm-up", () -> totalsByRequest.size() >= WRITES_BETWEEN_STEP_DOWNS);
        final List<String> handOvers = new ArrayList<>();
        for (int round = 0; round < STEP_DOWNS; round++)
        {
            final int primary = primaryNode();
            final long view = cluster.node(primary).view(PARTITION);
            final int next = (primary + 1) % NODES;
            assertEquals(StepDownResult.NOT_PRIMARY, cluster.node(next).stepDown(PARTITION));
            assertEquals(StepDownResult.STARTED, cluster.node(primary).stepDown(PARTITION));
            runLoadUntil("node " + next + " primary", () -> cluster.node(next).isPrimary(PARTITION));
            assertEquals(view + 1, cluster.node(next).view(PARTITION), "exactly one view per step-down");
            handOvers.add("view " + view + " node " + primary + " -> node " + next);
            final long acknowledged = totalsByRequest.size();
            runLoadUntil("writes after step-down " + round,
                () -> totalsByRequest.size() >= acknowledged + WRITES_BETWEEN_STEP_DOWNS);
        }
        invoking = false;
        runLoadUntil("every outstanding request answered", () -> noneOutstanding() && readFloors.isEmpty());

        assertTrue(failures.isEmpty(), "failed requests: " + failures);
        final LongHashSet totals = new LongHashSet();
        totals.addAll(totalsByRequest.values());
        assertEquals(invoked, totalsByRequest.size(), "every request answered once");
        assertEquals(invoked, totals.size(), "each write applied once: its running total is its own");
        for (long total = 1; total <= invoked; total++)
        {
            assertTrue(totals.contains(total), "running total " + total + " missing: an applied write was lost");
        }
        assertTrue(cluster.awaitConverged(List.of(PARTITION), STEP_TIMEOUT_MS), "replicas converge");
        final long[] digests = cluster.closeAndDigest(List.of(PARTITION))[0];
        assertArrayEquals(new long[] {digests[0], digests[0], digests[0]}, digests, "replicas hold the same state");
        assertEquals(readsInvoked, readsAnswered, "every read answered");
        assertTrue(readsAnswered > invoked, "reads ran alongside the writes: " + readsAnswered);
        System.out.printf("step-downs: %s; %d writes and %d linearizable reads in %.1f s, longest write %.1f ms, " +
            "%d write resends, write refusals %s, read refusals %d%n", handOvers, invoked, readsAnswered,
            (System.nanoTime() - startNs) / 1e9, longestRequestNs / 1e6, resends, refusalSummary(), readRefusals);
    }

    private int primaryNode()
    {
        final int[] found = {-1};
        runLoadUntil("a primary", () ->
        {
            for (int i = 0; i < NODES; i++)
            {
                if (cluster.node(i).isPrimary(PARTITION))
                {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private boolean noneOutstanding()
    {
        for (final Session session : sessions)
        {
            if (session.outstanding)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Drives the clients, paced at {@link #WRITES_PER_SECOND}, until the condition holds.
     */
    private void runLoadUntil(final String what, final BooleanSupplier done)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_TIMEOUT_MS);
        while (!done.getAsBoolean())
        {
            final long nowNs = System.nanoTime();
            assertTrue(nowNs - deadlineNs < 0, "timed out waiting for " + what);
            for (final Session session : sessions)
            {
                drive(session, nowNs);
            }
            driveReads(nowNs);
            assertTrue(failures.isEmpty(), () -> failures.size() + " failed requests, first: " + failures.peek());
            Thread.yield();
        }
    }

    private void drive(final Session session, final long nowNs)
    {
        if (session.outstanding && totalsByRequest.containsKey(key(session.sessionId, session.requestId)))
        {
            session.outstanding = false;
            longestRequestNs = Math.max(longestRequestNs, nowNs - session.invokedNs);
            ackedTotalMax = Math.max(ackedTotalMax, totalsByRequest.get(key(session.sessionId, session.requestId)));
        }
        if (!session.outstanding)
        {
            if (!invoking || invoked * TimeUnit.SECONDS.toNanos(1) > (nowNs - startNs) * WRITES_PER_SECOND)
            {
                return;
            }
            invoked++;
            session.requestId++;
            session.outstanding = true;
            session.invokedNs = nowNs;
            session.awaitingAnswer = false;
            session.nextActionNs = nowNs;
        }
        if (nowNs - session.invokedNs > REQUEST_DEADLINE_NS)
        {
            failures.add("session " + session.sessionId + " request " + session.requestId + " unanswered");
            session.outstanding = false;
            return;
        }
        if (nowNs - session.nextActionNs < 0)
        {
            return;
        }
        if (session.awaitingAnswer)
        {
            resends++;
        }
        final Partition partition = cluster.partition(PARTITION, session.target);
        final UnsafeBuffer one = RunningTotalDomain.amount(1);
        final SubmitResult result = null == partition ? SubmitResult.NOT_RUNNING :
            partition.submit(session.sessionId, session.requestId, one, 0, one.capacity());
        if (result == SubmitResult.ACCEPTED)
        {
            session.awaitingAnswer = true;
            session.nextActionNs = nowNs + RESEND_NS;
        }
        else
        {
            refusals[result.ordinal()]++;
            session.awaitingAnswer = false;
            session.target = (session.target + 1) % NODES; // the refusal's redirect: try the next node
            session.nextActionNs = nowNs + REDIRECT_BACKOFF_NS;
        }
    }

    /**
     * Linearizable reads of the running total at the node believed primary, paced at {@link #READS_PER_SECOND}: a
     * refusal moves to the next node; each answer must show at least the highest total acknowledged before the read.
     */
    private void driveReads(final long nowNs)
    {
        long[] answer;
        while (null != (answer = readAnswers.poll()))
        {
            final long floor = readFloors.remove(answer[0]);
            readIssuedNs.remove(answer[0]);
            if (answer[1] < 0)
            {
                failures.add("read " + answer[0] + " rejected " + ErrorCode.get((short)(-answer[1] - 1)));
            }
            else if (answer[2] < floor)
            {
                failures.add("read " + answer[0] + " saw total " + answer[2] + " below acknowledged " + floor);
            }
            readsAnswered++;
        }
        while (invoking && readFloors.size() < READS_IN_FLIGHT_MAX &&
            readsInvoked * TimeUnit.SECONDS.toNanos(1) <= (nowNs - startNs) * READS_PER_SECOND)
        {
            final Partition partition = cluster.partition(PARTITION, readTarget);
            final long readId = nextReadId + 1;
            readFloors.put(readId, ackedTotalMax);
            final SubmitResult result = null == partition ? SubmitResult.NOT_RUNNING : partition.query(
                0, Consistency.LINEARIZABLE, 0, READ_SESSION, readId, emptyQuery, 0, 0, readSink);
            if (result != SubmitResult.ACCEPTED)
            {
                readFloors.remove(readId);
                readRefusals++;
                readTarget = (readTarget + 1) % NODES;
                return;
            }
            nextReadId = readId;
            readIssuedNs.put(readId, nowNs);
            readsInvoked++;
        }
        if (!invoking && !readIssuedNs.isEmpty())
        {
            final Long2LongHashMap.EntryIterator it = readIssuedNs.entrySet().iterator();
            while (it.hasNext())
            {
                it.next();
                if (nowNs - it.getLongValue() > REQUEST_DEADLINE_NS)
                {
                    failures.add("read " + it.getLongKey() + " unanswered");
                }
            }
        }
    }

    private String refusalSummary()
    {
        final StringBuilder out = new StringBuilder();
        for (final SubmitResult result : SubmitResult.values())
        {
            if (refusals[result.ordinal()] > 0)
            {
                out.append(result).append('=').append(refusals[result.ordinal()]).append(' ');
            }
        }
        return out.toString().trim();
    }

    private static long key(final long sessionId, final long requestId)
    {
        return sessionId * 1_000_000_000L + requestId;
    }

    private final class ReadSink implements QuerySink
    {
        @Override
        public void onQueryResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            readAnswers.add(new long[] {requestId, buffer.getLong(offset), buffer.getLong(offset + Long.BYTES)});
        }

        @Override
        public void onQueryRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            readAnswers.add(new long[] {requestId, -1 - code.value(), 0});
        }
    }

    private final class RecordingSink implements ResponseSink
    {
        @Override
        public void onResponse(
            final long sessionId, final long requestId, final long position, final DirectBuffer buffer, final int offset,
            final int length)
        {
            final long total = buffer.getLong(offset);
            final Long previous = totalsByRequest.putIfAbsent(key(sessionId, requestId), total);
            if (null != previous && previous != total)
            {
                failures.add("request " + sessionId + "/" + requestId + " answered " + previous + " then " + total);
            }
        }

        @Override
        public void onRejected(final long sessionId, final long requestId, final long position, final ErrorCode code)
        {
            failures.add("request " + sessionId + "/" + requestId + " rejected " + code);
        }
    }
}
