package io.anthill.replication.core;

/**
 * Outbound port: the committed op moved forward. The engine wires it to {@code CommitGate.commit(op)} so the
 * business logic sees only committed entries (QUORUM durability); the simulator applies the bank model.
 */
@FunctionalInterface
public interface CommitListener
{
    /**
     * @param op every entry up to and including op is committed and in this replica's log; never decreases.
     */
    void onCommit(long op);
}
