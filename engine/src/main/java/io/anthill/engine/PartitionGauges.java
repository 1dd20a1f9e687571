package io.anthill.engine;

import java.util.function.LongSupplier;

import io.anthill.journal.Journal;

/**
 * The partition's sampled gauges for {@code scripts/stat}: ring occupancy, journal bytes and the time of the last
 * fsync, read from their owners' thread-safe accessors by the housekeeper a few times a second, so no stage pays for
 * them on its path.
 */
final class PartitionGauges
{
    private final LongSupplier ringOccupancy;
    private final Journal journal;
    private final PartitionCounters counters;

    /**
     * @param ringOccupancy the current ring epoch's occupancy.
     * @param journal       the partition's journal (owned by the ring or by the replica agent; read only here).
     * @param counters      where the gauges go.
     */
    PartitionGauges(final LongSupplier ringOccupancy, final Journal journal, final PartitionCounters counters)
    {
        this.ringOccupancy = ringOccupancy;
        this.journal = journal;
        this.counters = counters;
    }

    void sample()
    {
        counters.ringOccupancy.setRelease(ringOccupancy.getAsLong());
        counters.journalBytes.setRelease(journal.bytesWritten());
        counters.lastFsyncEpochMs.setRelease(journal.lastForceEpochMs());
    }
}
