package io.anthill.engine;

/**
 * The replication stage of a partition's ring: it sees every entry in op order, on its own thread, in parallel with
 * the journal stage. On a single node it does nothing ({@link #singleNode()}); a replicated partition sends entries
 * to its followers here (batching at {@code endOfBatch}) and reports commits through its {@link CommitGate}.
 */
public interface ReplicationHandler
{
    /**
     * Called for each entry, in op order, including replayed and replicated ones (check {@link RingEntry#source()}).
     *
     * @param entry      the entry, valid only during the call.
     * @param endOfBatch true for the last entry available now: the moment to flush a batch to the network.
     */
    void onEntry(RingEntry entry, boolean endOfBatch);

    /**
     * Called once on the stage's thread before the first entry.
     */
    default void onStart()
    {
    }

    /**
     * Called once on the stage's thread after the last entry.
     */
    default void onShutdown()
    {
    }

    /**
     * @return the handler of a single-node partition: nothing to send, nothing to wait for.
     */
    static ReplicationHandler singleNode()
    {
        return SingleNodeReplication.INSTANCE;
    }
}
