package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

import com.lmax.disruptor.Sequence;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

/**
 * One read model's stage of the ring. It feeds the read model the events of each applied entry, in op order,
 * replayed entries included (a read model is rebuilt from the same stream), publishes the position it has reached,
 * and owns the read model's queries: they reach its thread through a bounded {@link QueryQueue}, so the read model
 * is only ever touched by one thread and needs no lock. Its thread is a {@link ProjectionProcessor} duty cycle, not
 * a blocking {@code BatchEventProcessor}, because it must serve reads while no write arrives; it may share that
 * thread with the partition's other read models ({@link ProjectionStages}).
 * <p>
 * Like the read model itself, the handler, its queue and its pending reads outlive ring epochs: each epoch's ring
 * makes a new processor, and the epochs' processors run one after the other (a halted epoch's threads are joined
 * before the next starts), so reads waiting at a view change are served by the next epoch. Pending reads are refused
 * only when the partition closes ({@link #closeWhenStageStops()}).
 */
final class ProjectionHandler
{
    private final Projection projection;
    private final AtomicLong position = new AtomicLong();
    private final QueryQueue queries;
    private final PendingQueries pending;
    private final PartitionCounters counters;
    private final ErrorHandler errorHandler;
    private final ReadModelSnapshotHandoff snapshotHandoff = new ReadModelSnapshotHandoff();
    private volatile Sequence stageSequence;
    private volatile boolean closing;

    ProjectionHandler(
        final Projection projection, final int payloadLengthMax, final PartitionCounters counters,
        final ErrorHandler errorHandler)
    {
        this.projection = projection;
        this.counters = counters;
        this.errorHandler = errorHandler;
        this.queries = new QueryQueue(QueryConfiguration.queueCapacity(), payloadLengthMax, counters.queriesOverloaded);
        this.pending = new PendingQueries(projection, queries, errorHandler, counters.queriesServed,
            counters.queriesExpired, counters.stageErrors);
    }

    /**
     * The current epoch's stage that runs this read model (alone or with others) starts from this sequence.
     */
    void attachStage(final Sequence sequence)
    {
        stageSequence = sequence;
    }

    PendingQueries pending()
    {
        return pending;
    }

    /**
     * @return the ring sequence the current epoch's stage has processed, for draining an epoch; -1 before any.
     */
    long stageSequenceValue()
    {
        final Sequence sequence = stageSequence;
        return null == sequence ? -1 : sequence.get();
    }

    /**
     * The partition is closing: when the stage's thread stops, it refuses the reads still pending and closes the
     * queue, instead of keeping them for a next epoch.
     */
    void closeWhenStageStops()
    {
        closing = true;
    }

    /**
     * Called by the stage's thread as it stops.
     */
    void onStageStopped()
    {
        if (closing)
        {
            pending.close();
        }
    }

    void apply(final PartitionEvent event)
    {
        final ApplyOutput output = event.output;
        final DirectBuffer events = output.events();
        final int end = output.eventsLength();
        int offset = 0;
        while (offset < end)
        {
            final int length = events.getInt(offset);
            projection.onEvent(event.op, events, offset + ApplyOutput.EVENT_HEADER_LENGTH, length);
            offset += ApplyOutput.EVENT_HEADER_LENGTH + length;
        }
        position.setRelease(event.op);
    }

    /**
     * Right after the entry a partition snapshot was taken at, writes the read model's state into its hand-off for
     * the snapshot writer. A failure is counted and reported and publishes a failed part, so the writer abandons that
     * snapshot instead of waiting for it.
     */
    void snapshotIfMarked(final PartitionEvent event)
    {
        if (!event.snapshotMark)
        {
            return;
        }
        int length = ReadModelSnapshotHandoff.FAILED;
        try
        {
            length = projection.writeSnapshot(snapshotHandoff.buffer, 0);
            if (length < 0)
            {
                throw new IllegalStateException("read model " + projection.name() + " wrote no snapshot at op " +
                    event.op + " though it wrote one at launch");
            }
        }
        catch (final RuntimeException ex)
        {
            length = ReadModelSnapshotHandoff.FAILED;
            counters.stageErrors.increment();
            errorHandler.onError(new StageFailureException("projection-" + projection.name(), event.op, false, ex));
        }
        snapshotHandoff.publish(event.op, length);
    }

    /**
     * @return true if the read model writes snapshots: asked once, before its thread starts.
     */
    boolean probeSnapshots()
    {
        return projection.writeSnapshot(snapshotHandoff.buffer, 0) >= 0;
    }

    /**
     * Replaces the read model's state with a snapshot's, while no stage thread of it runs (launch, or between ring
     * epochs), and reports the snapshot's op as its position.
     */
    void loadSnapshot(final long op, final DirectBuffer buffer, final int offset, final int length)
    {
        projection.loadSnapshot(buffer, offset, length);
        position.setRelease(op);
    }

    ReadModelSnapshotHandoff snapshotHandoff()
    {
        return snapshotHandoff;
    }

    /**
     * Moves past an entry whose events the read model failed on: the failure is counted and reported, and the
     * read model goes on, as a non-fatal stage does.
     */
    void skip(final PartitionEvent event)
    {
        position.setRelease(event.op);
    }

    long position()
    {
        return position.getAcquire();
    }

    Projection projection()
    {
        return projection;
    }

    QueryQueue queries()
    {
        return queries;
    }
}
