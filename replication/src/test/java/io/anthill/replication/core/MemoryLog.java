package io.anthill.replication.core;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

/**
 * An in-memory {@link ReplicaLog} for scenario tests: durable only when the test says {@link #sync()}.
 */
final class MemoryLog implements ReplicaLog
{
    private final List<long[]> headers = new ArrayList<>();
    private final List<byte[]> bodies = new ArrayList<>();
    private long durableOp;

    void sync()
    {
        durableOp = lastOp();
    }

    @Override
    public long firstOp()
    {
        return 1;
    }

    @Override
    public long lastOp()
    {
        return headers.size();
    }

    @Override
    public long durableOp()
    {
        return durableOp;
    }

    @Override
    public long viewOf(final long op)
    {
        return headers.get((int)op - 1)[1];
    }

    @Override
    public void append(final long op, final long view, final long timestampNs, final DirectBuffer body, final int offset, final int length)
    {
        if (op != lastOp() + 1)
        {
            throw new IllegalArgumentException("op " + op + " after " + lastOp());
        }
        final byte[] copy = new byte[length];
        body.getBytes(offset, copy);
        headers.add(new long[] {op, view, timestampNs});
        bodies.add(copy);
    }

    @Override
    public void truncateAfter(final long op)
    {
        while (headers.size() > op)
        {
            headers.remove(headers.size() - 1);
            bodies.remove(bodies.size() - 1);
        }
        durableOp = Math.min(durableOp, op);
    }

    @Override
    public void resetTo(final long op)
    {
        throw new UnsupportedOperationException("scenario logs take no snapshots");
    }

    @Override
    public ReadResult read(final long op, final LogEntry into)
    {
        if (op < 1 || op > lastOp())
        {
            return ReadResult.ABSENT;
        }
        final long[] header = headers.get((int)op - 1);
        final byte[] body = bodies.get((int)op - 1);
        into.set(header[0], header[1], header[2], body.length);
        into.body().putBytes(0, body);
        return ReadResult.OK;
    }
}
