package io.anthill.replication.cluster;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Answers the client endpoint thread produced for a response publication that is not connected yet: the Connected
 * answer to a client's first Connect, offered while Aeron is still setting up the node's new publication to that
 * client. Each is kept in a pre-allocated slot and offered again on every duty cycle until the publication connects
 * or {@link #TIMEOUT_NS} passes (then it is dropped and counted), so a first Connect is answered without the client
 * repeating it. Bounded by {@link #CAPACITY} answers of at most {@link #FRAME_BYTES_MAX} bytes; past either the answer
 * is dropped and counted, as before, and the client's retry covers it. Answers to one publication leave in the order
 * they came. Owned by the client endpoint thread.
 */
final class PendingAnswers
{
    /** Answers held at once: one per client connecting in the same few milliseconds is plenty. */
    static final int CAPACITY = 64;
    /** Largest answer held: Connected and error frames (a few hundred bytes); larger ones are never produced here. */
    static final int FRAME_BYTES_MAX = 512;
    /** How long an answer waits for its publication to connect: longer than a publication takes on a live network. */
    static final long TIMEOUT_NS = 2_000_000_000L;

    private final Slot[] slots = new Slot[CAPACITY];
    private final AtomicCounter answersDropped;
    private int count;

    PendingAnswers(final AtomicCounter answersDropped)
    {
        this.answersDropped = answersDropped;
        for (int i = 0; i < CAPACITY; i++)
        {
            slots[i] = new Slot();
        }
    }

    /**
     * @param publication a response publication.
     * @return true if an answer to it is waiting, so a newer one must wait behind it.
     */
    boolean holds(final Publication publication)
    {
        return indexOf(publication, count) >= 0;
    }

    /**
     * Keeps a copy of an answer, or drops and counts it when full or too large.
     *
     * @param publication where it goes.
     * @param nowNs       the current time.
     * @param buffer      the frame.
     * @param offset      where it starts.
     * @param length      its length.
     */
    void add(final Publication publication, final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        if (count == CAPACITY || length > FRAME_BYTES_MAX)
        {
            answersDropped.increment();
            return;
        }
        final Slot slot = slots[count++];
        slot.publication = publication;
        slot.deadlineNs = nowNs + TIMEOUT_NS;
        slot.length = length;
        slot.frame.putBytes(0, buffer, offset, length);
    }

    /**
     * Offers every waiting answer once, in order; drops and counts those past their deadline or whose publication
     * closed.
     *
     * @param nowNs the current time.
     * @return answers sent or dropped.
     */
    int retry(final long nowNs)
    {
        int done = 0;
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            final Slot slot = slots[i];
            boolean closed = false;
            // an earlier answer to the same publication still waits: offering this one would overtake it
            if (indexOf(slot.publication, kept) < 0)
            {
                final long result = slot.publication.offer(slot.frame, 0, slot.length);
                if (result > 0)
                {
                    slot.publication = null;
                    done++;
                    continue;
                }
                closed = result == Publication.CLOSED;
            }
            if (closed || nowNs - slot.deadlineNs >= 0)
            {
                answersDropped.increment();
                slot.publication = null;
                done++;
                continue;
            }
            slots[i] = slots[kept];
            slots[kept++] = slot;
        }
        count = kept;
        return done;
    }

    /**
     * @return answers waiting.
     */
    int size()
    {
        return count;
    }

    private int indexOf(final Publication publication, final int limit)
    {
        for (int i = 0; i < limit; i++)
        {
            if (slots[i].publication == publication)
            {
                return i;
            }
        }
        return -1;
    }

    private static final class Slot
    {
        private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FRAME_BYTES_MAX]);
        private Publication publication;
        private long deadlineNs;
        private int length;
    }
}
