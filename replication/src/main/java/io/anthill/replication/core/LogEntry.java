package io.anthill.replication.core;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A mutable holder of one opaque log entry (op, view, timestamp, body), allocated once at start-up and reused, so
 * reading entries for a prepare or state transfer allocates nothing. The core never looks inside the body.
 */
public final class LogEntry
{
    private final UnsafeBuffer body;
    private long op;
    private long view;
    private long timestampNs;
    private int bodyLength;

    /**
     * @param bodyBytesMax the largest body this holder can take.
     */
    public LogEntry(final int bodyBytesMax)
    {
        body = new UnsafeBuffer(new byte[bodyBytesMax]);
    }

    /**
     * Sets the header fields; the caller then writes the body into {@link #body()} and sets its length.
     *
     * @param op          the op number.
     * @param view        the view in which the op was first assigned.
     * @param timestampNs the primary's time stamp.
     * @param bodyLength  the body length, at most the capacity.
     * @return this.
     */
    public LogEntry set(final long op, final long view, final long timestampNs, final int bodyLength)
    {
        if (bodyLength < 0 || bodyLength > body.capacity())
        {
            throw new IllegalArgumentException("body length " + bodyLength + " outside [0, " + body.capacity() + "]");
        }
        this.op = op;
        this.view = view;
        this.timestampNs = timestampNs;
        this.bodyLength = bodyLength;
        return this;
    }

    /**
     * @return the op number.
     */
    public long op()
    {
        return op;
    }

    /**
     * @return the view in which the op was first assigned.
     */
    public long view()
    {
        return view;
    }

    /**
     * @return the primary's time stamp.
     */
    public long timestampNs()
    {
        return timestampNs;
    }

    /**
     * @return the buffer holding the body from offset 0.
     */
    public MutableDirectBuffer body()
    {
        return body;
    }

    /**
     * @return the body length in bytes.
     */
    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * @return the body capacity.
     */
    public int bodyCapacity()
    {
        return body.capacity();
    }
}
