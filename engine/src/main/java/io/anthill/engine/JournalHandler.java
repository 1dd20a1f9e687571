package io.anthill.engine;

import com.lmax.disruptor.EventHandler;
import io.anthill.journal.Journal;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal stage: appends each new entry to the partition's journal and ends the batch at the ring's end of
 * batch, where the journal applies its durability policy (a force under BATCH). The stage's sequence advances only
 * after the whole batch returns, so the business logic, waiting on that sequence, never sees an entry the policy
 * has not made durable. It also trims the journal behind the oldest retained snapshot. A failure here is fatal:
 * the error reaches the ring's error handler, which fails the partition, and nothing after it is acknowledged.
 */
final class JournalHandler implements EventHandler<PartitionEvent>
{
    private final Journal journal;
    private final AtomicCounter journalBatches;
    private final AtomicLong retentionFloorOp;
    private long trimmedBeforeOp;
    private boolean appendedInBatch;

    JournalHandler(final Journal journal, final AtomicCounter journalBatches, final AtomicLong retentionFloorOp)
    {
        this.journal = journal;
        this.journalBatches = journalBatches;
        this.retentionFloorOp = retentionFloorOp;
    }

    @Override
    public void onEvent(final PartitionEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.source.needsJournal())
        {
            journal.append(event.view, event.op, event.timestampNs, event.body, 0, event.bodyLength);
            appendedInBatch = true;
        }
        if (endOfBatch && appendedInBatch)
        {
            journal.endBatch();
            appendedInBatch = false;
            journalBatches.incrementRelease();
            trimBehindSnapshots();
        }
    }

    @Override
    public void onStart()
    {
        journal.takeOwnership();
    }

    private void trimBehindSnapshots()
    {
        final long floorOp = retentionFloorOp.get();
        if (floorOp > trimmedBeforeOp)
        {
            journal.deleteBefore(floorOp);
            trimmedBeforeOp = floorOp;
        }
    }
}
