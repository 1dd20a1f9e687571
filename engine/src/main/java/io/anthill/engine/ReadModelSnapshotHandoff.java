package io.anthill.engine;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.ExpandableArrayBuffer;

/**
 * Hands one read model's state at a snapshot's op from the read model's thread to the snapshot writer, beside the
 * partition's own {@link SnapshotHandoff}. The read model's stage writes its state right after applying the ring entry
 * the business logic marked ({@link PartitionEvent#snapshotMark}) and publishes the op; the writer appends it to the
 * partition's state bytes and frees it. Only one snapshot is in flight: the business logic marks an entry only when
 * the partition's hand-off is free, and the writer frees every read model's hand-off before that one.
 */
final class ReadModelSnapshotHandoff
{
    /**
     * The length published when the read model failed to write its state: the snapshot is abandoned.
     */
    static final int FAILED = -1;

    private static final long NONE = Long.MIN_VALUE;
    private static final int INITIAL_CAPACITY = 4 * 1024;

    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
    private final AtomicLong readyOp = new AtomicLong(NONE);
    private int length;

    /**
     * Read-model thread: the state of op is in the buffer ({@code length} bytes), or it failed ({@link #FAILED}).
     */
    void publish(final long op, final int length)
    {
        this.length = length;
        readyOp.setRelease(op);
    }

    /**
     * @return true once the part for op is published (written or failed).
     */
    boolean isReady(final long op)
    {
        return readyOp.getAcquire() == op;
    }

    /**
     * @return the length of the published state, or {@link #FAILED}; read after {@link #isReady(long)}.
     */
    int length()
    {
        return length;
    }

    void release()
    {
        readyOp.setRelease(NONE);
    }
}
