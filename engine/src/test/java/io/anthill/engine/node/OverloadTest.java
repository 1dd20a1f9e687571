package io.anthill.engine.node;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.anthill.codecs.client.CommandResponseDecoder;
import io.anthill.codecs.client.Consistency;
import io.anthill.codecs.client.ErrorCode;
import io.anthill.engine.Partition;
import io.anthill.engine.PartitionConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverloadTest
{
    private static final int RING_SIZE = 64;
    private static final int BURST = 1_000;

    @TempDir
    Path dir;

    private NodeFixture fixture;

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @Test
    void shouldRefuseABurstOverTheRingOverloadedAtOnceAndLoseNothingAccepted()
    {
        fixture = new NodeFixture(dir, 1, 1, 1, 1, RING_SIZE, ctx -> ctx.queueDelaySlaMs(60_000));
        assertNull(fixture.node.addPartition(0));
        fixture.connect(7);
        final AccountLedger ledger = fixture.ledgers.get(0);
        ledger.hold();

        for (long requestId = 1; requestId <= BURST; requestId++)
        {
            fixture.send(ClientFrames.command(7, requestId, 0, AccountLedger.deposit(1, 1)));
        }
        final long accepted = fixture.node.counters().commandsAccepted();
        final List<FrameRecorder.Reply> refusals = List.copyOf(fixture.frames.replies);
        assertEquals(RING_SIZE, accepted, "the ring's slots, the one held in the business logic included");
        assertEquals(BURST - accepted, refusals.size(), "every other request answered at once, while the ring is held");
        for (final FrameRecorder.Reply refusal : refusals)
        {
            assertEquals(ErrorCode.OVERLOADED, refusal.code(), refusal.toString());
            assertTrue(refusal.retryAfterMs() >= 1, "a retry-after hint");
        }

        ledger.open();
        final List<FrameRecorder.Reply> replies = fixture.frames.awaitCount(BURST);
        final List<FrameRecorder.Reply> responses = replies.stream()
            .filter(reply -> reply.templateId() == CommandResponseDecoder.TEMPLATE_ID).toList();
        assertEquals(accepted, responses.size(), "every accepted command answered");
        assertEquals(LongStream.rangeClosed(1, accepted).boxed().toList(),
            responses.stream().map(FrameRecorder.Reply::value).toList(), "every accepted deposit applied once, in order");
        final Set<Long> answered = replies.stream().map(FrameRecorder.Reply::requestId).collect(Collectors.toSet());
        assertEquals(LongStream.rangeClosed(1, BURST).boxed().collect(Collectors.toSet()), new HashSet<>(answered));
        assertEquals(BURST - accepted, fixture.node.counters().refused(ErrorCode.OVERLOADED));

        fixture.send(ClientFrames.query(7, BURST + 1, 0, Consistency.AT_LEAST, accepted, 0, 1));
        assertEquals(accepted, fixture.frames.awaitLast(BURST + 1).value(), "the read model saw every accepted write");
    }

    @Test
    void shouldShedWritesWhileTheQueueingDelayIsOverTheSla()
    {
        fixture = new NodeFixture(dir, 1, 1, 1, 1, 1024, ctx -> ctx.queueDelaySlaMs(10));
        assertNull(fixture.node.addPartition(0));
        fixture.connect(7);
        final AccountLedger ledger = fixture.ledgers.get(0);
        final Partition partition = fixture.node.partition(0);
        ledger.hold();

        fixture.send(ClientFrames.command(7, 1, 0, AccountLedger.deposit(1, 1)));
        ledger.awaitEntered(1);
        fixture.send(ClientFrames.command(7, 2, 0, AccountLedger.deposit(1, 1)));
        fixture.nowNs.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
        ledger.permit(1);
        ledger.awaitEntered(2);
        assertEquals(1, fixture.frames.awaitLast(1).requestId(), "the first command answered");

        fixture.send(ClientFrames.command(7, 3, 0, AccountLedger.deposit(1, 1)));
        final FrameRecorder.Reply shed = fixture.frames.awaitLast(2);
        assertEquals(ErrorCode.OVERLOADED, shed.code(), shed.toString());
        assertEquals(3, shed.requestId());
        assertEquals(51, shed.retryAfterMs(), "the queueing delay, rounded up");
        assertEquals(1, fixture.node.counters().shedOnQueueDelay());

        ledger.open();
        partition.awaitApplied(2, 60_000);
        fixture.send(ClientFrames.command(7, 4, 0, AccountLedger.deposit(1, 1)));
        final List<FrameRecorder.Reply> replies = fixture.frames.awaitCount(4);
        assertEquals(List.of(1L, 2L, 3L, 4L), replies.stream().map(FrameRecorder.Reply::requestId).sorted().toList());
        assertEquals(3, replies.stream().filter(reply -> reply.code() == null).count(), "accepted again once caught up");
    }

    @Test
    void shouldLogOneOverloadStartAndOneEndForABurstNotOneLinePerRefusal()
    {
        final ByteArrayOutputStream events = new ByteArrayOutputStream();
        final PrintStream originalErr = System.err;
        System.setErr(new PrintStream(events, true, StandardCharsets.UTF_8));
        try
        {
            fixture = new NodeFixture(dir, 1, 1, 1, 1, RING_SIZE, ctx -> ctx.queueDelaySlaMs(60_000));
            assertNull(fixture.node.addPartition(0));
            fixture.connect(7);
            final AccountLedger ledger = fixture.ledgers.get(0);
            ledger.hold();
            for (long requestId = 1; requestId <= BURST; requestId++)
            {
                fixture.send(ClientFrames.command(7, requestId, 0, AccountLedger.deposit(1, 1)));
            }
            final long refused = BURST - fixture.node.counters().commandsAccepted();
            fixture.nowNs.addAndGet(PartitionConfiguration.OVERLOAD_CHECK_INTERVAL_NS);
            awaitLine(events, "event=overload_start partition=0 ");

            ledger.open();
            fixture.frames.awaitCount(BURST);
            // the housekeeper may have seen only part of the burst at its first check (it runs while the burst is sent)
            // and the rest at a later one: quiet periods pass until it has seen the whole burst and ends the episode
            final String end = advanceQuietPeriodsUntilLine(events, "event=overload_end partition=0 ");
            assertTrue(end.contains(" count=" + refused + " "), end);
            assertTrue(end.startsWith("ts=") && end.contains(" level=INFO "), end);

            fixture.nowNs.addAndGet(PartitionConfiguration.OVERLOAD_QUIET_NS + PartitionConfiguration.OVERLOAD_CHECK_INTERVAL_NS);
            fixture.send(ClientFrames.command(7, BURST + 1, 0, AccountLedger.deposit(1, 1)));
            fixture.frames.awaitCount(BURST + 1);
            final String log = events.toString(StandardCharsets.UTF_8);
            assertEquals(1, countLines(log, "event=overload_start "), log);
            assertEquals(1, countLines(log, "event=overload_end "), log);
            assertTrue(log.contains("level=WARN event=overload_start partition=0 count="), log);
        }
        finally
        {
            System.setErr(originalErr);
        }
    }

    private static String awaitLine(final ByteArrayOutputStream events, final String fragment)
    {
        final String line = awaitLine(events, fragment, TimeUnit.SECONDS.toNanos(30));
        if (null == line)
        {
            throw new AssertionError("no line with '" + fragment + "' in:\n" + events.toString(StandardCharsets.UTF_8));
        }
        return line;
    }

    /**
     * Lets a quiet period pass on the partition's clock, again and again, until the line appears (within 30 s).
     */
    private String advanceQuietPeriodsUntilLine(final ByteArrayOutputStream events, final String fragment)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - deadlineNs < 0)
        {
            fixture.nowNs.addAndGet(PartitionConfiguration.OVERLOAD_QUIET_NS + PartitionConfiguration.OVERLOAD_CHECK_INTERVAL_NS);
            final String line = awaitLine(events, fragment, TimeUnit.MILLISECONDS.toNanos(200));
            if (null != line)
            {
                return line;
            }
        }
        throw new AssertionError("no line with '" + fragment + "' in:\n" + events.toString(StandardCharsets.UTF_8));
    }

    private static String awaitLine(final ByteArrayOutputStream events, final String fragment, final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        do
        {
            for (final String line : events.toString(StandardCharsets.UTF_8).split("\n"))
            {
                if (line.contains(fragment))
                {
                    return line;
                }
            }
            Thread.onSpinWait();
        }
        while (System.nanoTime() - deadlineNs < 0);
        return null;
    }

    private static long countLines(final String log, final String fragment)
    {
        return log.lines().filter(line -> line.contains(fragment)).count();
    }
}
