package io.anthill.engine;

/**
 * A partition with read models cannot start from its snapshot because the snapshot lacks one of them (a read model
 * added after the snapshot was taken, or one whose snapshot was never written) and the journal no longer holds op 1
 * to rebuild it from. Typed so an operator, or the replication adapter installing a peer's snapshot, sees which read
 * model is missing: restore the journal from op 1, take a snapshot with every read model, or remove the read model.
 */
public final class ReadModelSnapshotMissingException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final String readModelName;
    private final long snapshotOp;

    /**
     * @param partitionId   the partition.
     * @param readModelName the read model the snapshot lacks.
     * @param snapshotOp    the op of the snapshot.
     * @param detail        what can no longer be done, for the message.
     */
    public ReadModelSnapshotMissingException(
        final int partitionId, final String readModelName, final long snapshotOp, final String detail)
    {
        super("snapshot at op " + snapshotOp + " of partition " + partitionId + " holds no state of read model " +
            readModelName + ": " + detail);
        this.readModelName = readModelName;
        this.snapshotOp = snapshotOp;
    }

    /**
     * @return the name of the read model the snapshot lacks.
     */
    public String readModelName()
    {
        return readModelName;
    }

    /**
     * @return the op of the snapshot that lacks it.
     */
    public long snapshotOp()
    {
        return snapshotOp;
    }
}
