package io.anthill.engine;

/**
 * The replication stage of a single node: there are no followers, so an entry is committed once journaled and
 * the stage has nothing to do.
 */
final class SingleNodeReplication implements ReplicationHandler
{
    static final SingleNodeReplication INSTANCE = new SingleNodeReplication();

    private SingleNodeReplication()
    {
    }

    @Override
    public void onEntry(final RingEntry entry, final boolean endOfBatch)
    {
    }
}
