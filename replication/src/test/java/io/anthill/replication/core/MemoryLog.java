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
    private long baseOp;
    private long durableOp;
    private long corruptOp;

    void sync()
    {
        durableOp = lastOp();
    }

    /**
     * Marks an entry as failing its checksum from now on.
     */
    void corrupt(final long op)
    {
        corruptOp = op;
    }

    /**
     * Retention: drops the entries before op.
     */
    void deleteBefore(final long op)
    {
        while (baseOp + 1 < op && !headers.isEmpty())
        {
            headers.remove(0);
            bodies.remove(0);
            baseOp++;
        }
    }

    @Override
    public long firstOp()
    {
        return baseOp + 1;
    }

    @Override
    public long lastOp()
    {
        return baseOp + headers.size();
    }

    @Override
    public long durableOp()
    {
        return durableOp;
    }

    @Override
    public long viewOf(final long op)
    {
        return headers.get((int)(op - baseOp - 1))[1];
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
        if (corruptOp > op)
        {
            corruptOp = 0;
        }
        while (lastOp() > op)
        {
            headers.remove(headers.size() - 1);
            bodies.remove(bodies.size() - 1);
        }
        durableOp = Math.min(durableOp, op);
    }

    @Override
    public void resetTo(final long op)
    {
        headers.clear();
        bodies.clear();
        baseOp = op;
        durableOp = op;
    }

    @Override
    public ReadResult read(final long op, final LogEntry into)
    {
        if (op < firstOp() || op > lastOp())
        {
            return ReadResult.ABSENT;
        }
        if (op == corruptOp)
        {
            return ReadResult.CORRUPT;
        }
        final long[] header = headers.get((int)(op - baseOp - 1));
        final byte[] body = bodies.get((int)(op - baseOp - 1));
        into.set(header[0], header[1], header[2], body.length);
        into.body().putBytes(0, body);
        return ReadResult.OK;
    }
}
