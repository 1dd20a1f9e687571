package io.anthill.journal;

/**
 * When the journal forces appended entries from the page cache to the disk.
 *
 * <p>A force (fdatasync) costs a fraction of a millisecond, so durable writes must be batched: the policy says how a
 * batch of appends, ended by {@link Journal#endBatch()}, turns into forces. Measured costs are in docs/journal.md.
 */
public enum DurabilityPolicy
{
    /**
     * Never force on {@link Journal#endBatch()}: entries survive a process crash (they are in the page cache) but not
     * a power loss. For replicas that rely on the other replicas for durability.
     */
    NONE,

    /**
     * Force once per batch at {@link Journal#endBatch()} (group commit): an acknowledged entry survives a power loss.
     */
    BATCH,

    /**
     * Force at {@link Journal#endBatch()} only if at least {@link JournalContext#forceIntervalMs()} passed since the
     * last force: bounds the loss window on power failure while capping the force rate.
     */
    INTERVAL
}
