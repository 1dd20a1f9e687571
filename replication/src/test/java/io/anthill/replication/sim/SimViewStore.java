package io.anthill.replication.sim;

import io.anthill.replication.core.ViewStore;

/**
 * The simulated durable view record of one replica: survives crashes; persisting forces the log first, as the
 * contract says. The commit number is recorded at once (the contract allows lazier).
 */
final class SimViewStore implements ViewStore
{
    private final SimLog log;
    private long view;
    private long lastNormalView;
    private long commitOp;

    SimViewStore(final SimLog log)
    {
        this.log = log;
    }

    @Override
    public boolean isDurable()
    {
        return true;
    }

    @Override
    public long view()
    {
        return view;
    }

    @Override
    public long lastNormalView()
    {
        return lastNormalView;
    }

    @Override
    public long commitOp()
    {
        return commitOp;
    }

    @Override
    public void persistView(final long view, final long lastNormalView)
    {
        log.sync();
        this.view = view;
        this.lastNormalView = lastNormalView;
    }

    @Override
    public void recordCommit(final long commitOp)
    {
        this.commitOp = commitOp;
    }
}
