package io.anthill.engine;

import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands one encoded snapshot from the business-logic thread to the snapshot writer. The business logic copies the
 * state into the buffer (the only pause a snapshot puts on the ring) and marks it ready; the writer writes and
 * forces it to disk on its own thread and marks it free. A single buffer bounds the memory a snapshot takes; a
 * snapshot that falls due while the previous one is still being written waits for it.
 * <p>
 * When read models are snapshotted too, the writer appends their parts ({@link ReadModelSnapshotHandoff}) after the
 * partition's state in this buffer before writing, so the file holds one consistent state at {@link #op}.
 */
final class SnapshotHandoff
{
    private static final int INITIAL_CAPACITY = 64 * 1024;

    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(INITIAL_CAPACITY);
    private final AtomicBoolean ready = new AtomicBoolean();
    long view;
    long op;
    long timestampNs;
    int formatVersion;
    int length;
    /**
     * The ring epoch the snapshot was taken in: once that epoch has ended, a read model that had not reached the op
     * never will, and the writer abandons the snapshot.
     */
    int ringEpoch;

    boolean isFree()
    {
        return !ready.getAcquire();
    }

    boolean isReady()
    {
        return ready.getAcquire();
    }

    void publish()
    {
        ready.setRelease(true);
    }

    void release()
    {
        ready.setRelease(false);
    }
}
