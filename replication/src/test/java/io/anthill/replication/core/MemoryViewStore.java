package io.anthill.replication.core;

/**
 * A {@link ViewStore} held in memory that a scenario test carries across a simulated restart.
 */
final class MemoryViewStore implements ViewStore
{
    private long view;
    private long lastNormalView;
    private long commitOp;

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
        this.view = view;
        this.lastNormalView = lastNormalView;
    }

    @Override
    public void recordCommit(final long commitOp)
    {
        this.commitOp = commitOp;
    }
}
