package io.anthill.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parked stages of a ring are woken by the moves they wait for, and only by those. Every park here times out
 * after a minute, far beyond the deadlines the test waits with, so a test passes only if the wake-up itself worked.
 */
class StageWakeupsTest
{
    private static final long PARK_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long DEADLINE_MS = 10_000;
    private static final long ALERTED = -2;

    @Test
    void shouldWakeAStageParkedOnTheCursorWhenAProducerPublishes() throws Exception
    {
        final StageWakeups wakeups = new StageWakeups(4);
        final RingBuffer<PartitionEvent> ring = parkingRing(wakeups);
        final SequenceBarrier barrier = ring.newBarrier();
        final CompletableFuture<Long> waited = parkedWaitFor(wakeups, barrier);

        ring.publish(ring.next());

        assertEquals(0L, waited.get(DEADLINE_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldWakeOnlyTheStagesWhoseAwaitedSequenceArrived() throws Exception
    {
        final StageWakeups wakeups = new StageWakeups(4);
        final Sequence upstream = new Sequence(0);
        final CompletableFuture<Void> parked = CompletableFuture.runAsync(() -> parkUntil(wakeups, upstream, 5));
        awaitParked(wakeups, 1);

        upstream.set(3);
        assertEquals(0, wakeups.wakeReady(), "a stage waiting for 5 stays parked at 3");
        upstream.set(5);
        wakeups.wakeReady();

        parked.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void shouldWakeAParkedStageWhenItsBarrierIsAlerted() throws Exception
    {
        final StageWakeups wakeups = new StageWakeups(4);
        final RingBuffer<PartitionEvent> ring = parkingRing(wakeups);
        final SequenceBarrier barrier = ring.newBarrier();
        final CompletableFuture<Long> waited = parkedWaitFor(wakeups, barrier);

        barrier.alert();

        assertEquals(ALERTED, waited.get(DEADLINE_MS, TimeUnit.MILLISECONDS));
    }

    @Test
    void shouldStillParkForItsTimeoutWhenEverySlotIsTaken()
    {
        final StageWakeups wakeups = new StageWakeups(1);
        final int first = wakeups.register(null, 0, null);
        assertEquals(-1, wakeups.register(null, 0, null));
        assertEquals(1, wakeups.parkedCount());
        wakeups.unregister(first);
        wakeups.unregister(-1);
        assertEquals(0, wakeups.parkedCount());
        assertEquals(0, wakeups.wakeReady());
    }

    private static RingBuffer<PartitionEvent> parkingRing(final StageWakeups wakeups)
    {
        return RingBuffer.createMultiProducer(PartitionEvent::new, 8, new ParkingWaitStrategy(wakeups, 0, PARK_NS));
    }

    /**
     * @return the wait of another thread for sequence 0, once that thread has parked.
     */
    private static CompletableFuture<Long> parkedWaitFor(final StageWakeups wakeups, final SequenceBarrier barrier)
    {
        final CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> waitFor(barrier, 0));
        awaitParked(wakeups, 1);
        return waited;
    }

    private static long waitFor(final SequenceBarrier barrier, final long sequence)
    {
        try
        {
            return barrier.waitFor(sequence);
        }
        catch (final AlertException ex)
        {
            return ALERTED;
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static void parkUntil(final StageWakeups wakeups, final Sequence upstream, final long awaited)
    {
        while (upstream.get() < awaited)
        {
            final int slot = wakeups.register(upstream, awaited, null);
            try
            {
                if (upstream.get() < awaited)
                {
                    LockSupport.parkNanos(PARK_NS);
                }
            }
            finally
            {
                wakeups.unregister(slot);
            }
        }
    }

    private static void awaitParked(final StageWakeups wakeups, final int count)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (wakeups.parkedCount() < count)
        {
            assertTrue(System.nanoTime() < deadlineNs, "no stage parked");
            Thread.yield();
        }
    }
}
