package io.anthill.engine.node;

/**
 * Every setting of a {@link Node} in one place: its system property, its default and its hard limit. A
 * {@link NodeContext} falls back to these when a setter was not called; docs/engine-edges.md lists them.
 */
public final class NodeConfiguration
{
    /** Property: queueing delay (ingress stamp to business logic) above which new writes are OVERLOADED, in ms. */
    public static final String QUEUE_DELAY_SLA_MS_PROP = "anthill.node.queue.delay.sla.ms";
    /** Default SLA: a write that queued 50 ms is already late for an interactive client; shed instead of queue. */
    public static final long QUEUE_DELAY_SLA_MS_DEFAULT = 50;

    /** Property: largest retry-after hint given with OVERLOADED, in ms. */
    public static final String RETRY_AFTER_MAX_MS_PROP = "anthill.node.retry.after.max.ms";
    /** Default largest retry-after hint. */
    public static final int RETRY_AFTER_MAX_MS_DEFAULT = 1_000;

    /** Property: client sessions one ingress remembers as authenticated. */
    public static final String SESSION_CAPACITY_PROP = "anthill.node.session.capacity";
    /** Default session capacity of one ingress. */
    public static final int SESSION_CAPACITY_DEFAULT = 65_536;
    /** Hard limit on the session capacity: the set is allocated whole at start. */
    public static final int SESSION_CAPACITY_MAX = 1 << 22;

    /** Property: control-plane requests served per second; more are OVERLOADED. */
    public static final String CONTROL_REQUESTS_PER_SECOND_PROP = "anthill.node.control.requests.per.second";
    /** Default control-plane rate: an operator's tool, not a data path. */
    public static final int CONTROL_REQUESTS_PER_SECOND_DEFAULT = 20;

    /** Largest client frame the ingress accepts, batches included: 1 MiB. Larger ones are BATCH_TOO_LARGE. */
    public static final int FRAME_LENGTH_MAX = 1 << 20;
    /** Shortest admin credential accepted at start: a guessable one would make the control plane open. */
    public static final int ADMIN_CREDENTIAL_LENGTH_MIN = 16;
    /** Largest credential compared; longer presented ones are refused without comparing. */
    public static final int CREDENTIAL_LENGTH_MAX = 1024;
    /** Counters a node's default counters buffer has room for (its own plus its partitions'). */
    public static final int COUNTERS_MAX = 4096;

    private NodeConfiguration()
    {
    }

    static long queueDelaySlaMs()
    {
        return Long.getLong(QUEUE_DELAY_SLA_MS_PROP, QUEUE_DELAY_SLA_MS_DEFAULT);
    }

    static int retryAfterMaxMs()
    {
        return Integer.getInteger(RETRY_AFTER_MAX_MS_PROP, RETRY_AFTER_MAX_MS_DEFAULT);
    }

    static int sessionCapacity()
    {
        return Integer.getInteger(SESSION_CAPACITY_PROP, SESSION_CAPACITY_DEFAULT);
    }

    static int controlRequestsPerSecond()
    {
        return Integer.getInteger(CONTROL_REQUESTS_PER_SECOND_PROP, CONTROL_REQUESTS_PER_SECOND_DEFAULT);
    }
}
