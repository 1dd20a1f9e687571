package io.anthill.replication.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Normal operation allocates nothing per entry: submit, prepare, prepare-ok and commit on a warmed-up group of
 * three, over a pre-allocated log and a pre-allocated message queue.
 */
class HotPathAllocationTest
{
    private static final int CAPACITY_OPS = 1 << 16;
    private static final int QUEUE_SIZE = 64;

    /** A fixed-capacity log that never allocates. */
    private static final class FixedLog implements ReplicaLog
    {
        private final long[] views = new long[CAPACITY_OPS];
        private final long[] timestamps = new long[CAPACITY_OPS];
        private final UnsafeBuffer bodies = new UnsafeBuffer(new byte[CAPACITY_OPS * 8]);
        private final int[] lengths = new int[CAPACITY_OPS];
        private long lastOp;

        @Override
        public long firstOp()
        {
            return 1;
        }

        @Override
        public long lastOp()
        {
            return lastOp;
        }

        @Override
        public long durableOp()
        {
            return lastOp;
        }

        @Override
        public long viewOf(final long op)
        {
            return views[(int)op];
        }

        @Override
        public void append(
            final long op, final long view, final long timestampNs, final DirectBuffer body, final int offset, final int length)
        {
            lastOp = op;
            views[(int)op] = view;
            timestamps[(int)op] = timestampNs;
            lengths[(int)op] = length;
            bodies.putBytes((int)op * 8, body, offset, length);
        }

        @Override
        public void truncateAfter(final long op)
        {
            lastOp = op;
        }

        @Override
        public void resetTo(final long op)
        {
            lastOp = op;
        }

        @Override
        public ReadResult read(final long op, final LogEntry into)
        {
            into.set(op, views[(int)op], timestamps[(int)op], lengths[(int)op]);
            into.body().putBytes(0, bodies, (int)op * 8, lengths[(int)op]);
            return ReadResult.OK;
        }
    }

    // two queues, swapped each round, so replies never overwrite messages still to be delivered
    private UnsafeBuffer[] queue = new UnsafeBuffer[QUEUE_SIZE];
    private int[] queueTo = new int[QUEUE_SIZE];
    private int[] queueLength = new int[QUEUE_SIZE];
    private UnsafeBuffer[] draining = new UnsafeBuffer[QUEUE_SIZE];
    private int[] drainingTo = new int[QUEUE_SIZE];
    private int[] drainingLength = new int[QUEUE_SIZE];
    private int queued;
    private final Replica[] replicas = new Replica[3];

    @Test
    void shouldNotAllocateInNormalOperation()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "allocation counters unavailable");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        for (int i = 0; i < QUEUE_SIZE; i++)
        {
            queue[i] = new UnsafeBuffer(new byte[new ReplicaContext().conclude().messageBytesMax()]);
            draining[i] = new UnsafeBuffer(new byte[new ReplicaContext().conclude().messageBytesMax()]);
        }
        final long[] committed = new long[1];
        for (int i = 0; i < 3; i++)
        {
            replicas[i] = new Replica(new ReplicaContext().replicaIndex(i),
                (to, buffer, offset, length) ->
                {
                    queue[queued].putBytes(0, buffer, offset, length);
                    queueTo[queued] = to;
                    queueLength[queued] = length;
                    queued++;
                },
                new FixedLog(), op -> committed[0] = op);
            replicas[i].bootstrap(0);
        }
        final UnsafeBuffer body = new UnsafeBuffer(new byte[8]);
        run(body, 20_000);
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        run(body, 20_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertEquals(40_000, committed[0]);
        // a few hundred bytes of fixed cost come from the measurement itself; one object per entry would be >= 320 KB
        assertTrue(allocated < 4096, "bytes allocated by 20,000 replicated commits: " + allocated);
    }

    private void swap()
    {
        final UnsafeBuffer[] buffers = queue;
        queue = draining;
        draining = buffers;
        final int[] to = queueTo;
        queueTo = drainingTo;
        drainingTo = to;
        final int[] lengths = queueLength;
        queueLength = drainingLength;
        drainingLength = lengths;
    }

    private void run(final UnsafeBuffer body, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            body.putLong(0, i);
            replicas[0].submit(i, body, 0, 8);
            replicas[0].flush();
            while (queued > 0)
            {
                final int n = queued;
                queued = 0;
                swap();
                for (int m = 0; m < n; m++)
                {
                    replicas[drainingTo[m]].onMessage(i, draining[m], 0, drainingLength[m]);
                }
            }
        }
    }
}
