package io.anthill.engine;

import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

/**
 * Spins briefly, then parks until a sequence it waits on moves ({@link StageWakeups}) or a timeout passes. The
 * Disruptor's blocking strategies park only while the ring's cursor is behind and spin on upstream stages; in a
 * replicated partition the business logic waits on the commit gate for a quorum round trip, milliseconds of
 * spinning that a 2-core machine cannot give. Here every wait parks, and every stage, the gate and the producers
 * wake the parked when they move.
 */
final class ParkingWaitStrategy implements WaitStrategy
{
    private final StageWakeups wakeups;
    private final int spinTries;
    private final long parkTimeoutNs;

    /**
     * @param wakeups       the partition's parked stage threads.
     * @param spinTries     how often to look again before parking.
     * @param parkTimeoutNs the longest park: what a lost wake-up costs.
     */
    ParkingWaitStrategy(final StageWakeups wakeups, final int spinTries, final long parkTimeoutNs)
    {
        this.wakeups = wakeups;
        this.spinTries = spinTries;
        this.parkTimeoutNs = parkTimeoutNs;
    }

    @Override
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException
    {
        long available;
        int tries = 0;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            if (tries < spinTries)
            {
                tries++;
                Thread.onSpinWait();
            }
            else
            {
                park(sequence, dependentSequence, barrier);
            }
        }
        return available;
    }

    private void park(final long sequence, final Sequence dependentSequence, final SequenceBarrier barrier)
    {
        final int slot = wakeups.register(dependentSequence, sequence, barrier);
        try
        {
            if (dependentSequence.get() < sequence && !barrier.isAlerted())
            {
                LockSupport.parkNanos(this, parkTimeoutNs);
            }
        }
        finally
        {
            wakeups.unregister(slot);
        }
    }

    @Override
    public void signalAllWhenBlocking()
    {
        wakeups.wakeReady();
    }
}
