package io.anthill.engine;

import java.util.concurrent.TimeUnit;

/**
 * The limits of the read path, each a named constant with its system property, read once when a partition starts.
 * They live apart from {@link PartitionConfiguration} because reads are served by the read models' threads and
 * never touch the ring's write path.
 */
public final class QueryConfiguration
{
    /** Property: reads each read model holds at once (queued plus waiting for a position); more are OVERLOADED. */
    public static final String QUEUE_CAPACITY_PROP = "anthill.engine.query.queue.capacity";
    /** Default: at 20,000 reads/s and a 1 ms wait, about 20 are in flight; room for bursts 50 times that. */
    public static final int QUEUE_CAPACITY_DEFAULT = 1024;
    /** Hard limit on the read queue capacity: every slot keeps a payload buffer for the life of the partition. */
    public static final int QUEUE_CAPACITY_MAX = 1 << 16;

    /** Property: longest a LINEARIZABLE or AT_LEAST read waits for its read model to reach its position, in ms. */
    public static final String WAIT_TIMEOUT_MS_PROP = "anthill.engine.query.wait.timeout.ms";
    /** Default wait: well above the ring's latency at its limit, well below a client's request time-out. */
    public static final long WAIT_TIMEOUT_MS_DEFAULT = 1_000;

    /** Ring entries a read model applies before it looks at its reads again: bounds the latency of a read. */
    public static final int EVENTS_PER_DUTY_CYCLE_MAX = 256;
    /** Reads a read model takes off its queue per duty cycle: bounds how long reads hold back events. */
    public static final int QUERIES_PER_DUTY_CYCLE_MAX = 64;
    /**
     * Property: longest a read model's thread parks when it has nothing to do, in ns. It is the floor of an idle
     * read's latency and sets the idle cost: an idle read model wakes up to 1 s / this many times a second, so a node
     * hosting many partitions may raise it.
     */
    public static final String IDLE_PARK_MAX_NS_PROP = "anthill.engine.query.idle.park.max.ns";
    /** Default longest park: 1 ms; a node runs a read-model thread per read model and partition, and on 2 cores their
     * idle wake-ups starved the replication agents into spurious view changes at 100 µs (docs/engine.md). */
    public static final long IDLE_PARK_MAX_NS_DEFAULT = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * Property: true to run all of a partition's read models on one thread, false for a thread per read model.
     */
    public static final String READ_MODEL_THREADS_SHARED_PROP = "anthill.engine.query.threads.shared";
    /** Default: one thread per partition for its read models; docs/engine-edges.md has the measurement. */
    public static final boolean READ_MODEL_THREADS_SHARED_DEFAULT = true;

    private QueryConfiguration()
    {
    }

    static boolean readModelThreadsShared()
    {
        return Boolean.parseBoolean(System.getProperty(READ_MODEL_THREADS_SHARED_PROP,
            Boolean.toString(READ_MODEL_THREADS_SHARED_DEFAULT)));
    }

    static int queueCapacity()
    {
        final int capacity = Integer.getInteger(QUEUE_CAPACITY_PROP, QUEUE_CAPACITY_DEFAULT);
        if (capacity < 1 || capacity > QUEUE_CAPACITY_MAX)
        {
            throw new IllegalArgumentException(QUEUE_CAPACITY_PROP + " must be in [1, " + QUEUE_CAPACITY_MAX +
                "], was " + capacity);
        }
        return capacity;
    }

    static long idleParkMaxNs()
    {
        final long parkNs = Long.getLong(IDLE_PARK_MAX_NS_PROP, IDLE_PARK_MAX_NS_DEFAULT);
        if (parkNs < 1_000 || parkNs > TimeUnit.MILLISECONDS.toNanos(100))
        {
            throw new IllegalArgumentException(IDLE_PARK_MAX_NS_PROP + " must be in [1 µs, 100 ms], was " + parkNs);
        }
        return parkNs;
    }

    static long waitTimeoutNs()
    {
        final long timeoutMs = Long.getLong(WAIT_TIMEOUT_MS_PROP, WAIT_TIMEOUT_MS_DEFAULT);
        if (timeoutMs < 0)
        {
            throw new IllegalArgumentException(WAIT_TIMEOUT_MS_PROP + " must be >= 0, was " + timeoutMs);
        }
        return TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }
}
