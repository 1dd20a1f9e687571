package io.anthill.replication.core;

/**
 * Outbound port: the replica's small durable record (view, last normal view, a commit number), like a superblock.
 * With it a restarted replica whose log is intact may vote at once with its log as its claim, so a group whose
 * replicas all restarted (a power loss, or {@code cluster stop; start}) elects a primary again; VR's recovery
 * protocol alone needs f + 1 replicas that never stopped. {@link #VOLATILE} keeps nothing: restarts then always
 * go through the recovery protocol.
 */
public interface ViewStore
{
    /** Remembers nothing across restarts. */
    ViewStore VOLATILE = new ViewStore()
    {
        @Override
        public boolean isDurable()
        {
            return false;
        }

        @Override
        public long view()
        {
            return 0;
        }

        @Override
        public long lastNormalView()
        {
            return 0;
        }

        @Override
        public long commitOp()
        {
            return 0;
        }

        @Override
        public void persistView(final long view, final long lastNormalView)
        {
        }

        @Override
        public void recordCommit(final long commitOp)
        {
        }
    };

    /**
     * @return true if the record survives restarts.
     */
    boolean isDurable();

    /**
     * @return the persisted view.
     */
    long view();

    /**
     * @return the persisted last normal view.
     */
    long lastNormalView();

    /**
     * @return a recorded commit number; never above a real commit number (it may lag).
     */
    long commitOp();

    /**
     * Forces the log to disk, then durably records view and last normal view, before returning. Called before the
     * replica sends anything in a new view and when it becomes NORMAL: once per view change, not per entry.
     *
     * @param view           the view.
     * @param lastNormalView the last view in which the replica was NORMAL.
     */
    void persistView(long view, long lastNormalView);

    /**
     * Records a commit number; may be written lazily (with the next force), since a stale value is only lower.
     *
     * @param commitOp a commit number of this replica.
     */
    void recordCommit(long commitOp);
}
