package io.anthill.journal;

import java.nio.file.Path;

/**
 * A snapshot file failed verification (short file, foreign header, wrong partition or op, checksum mismatch).
 * Restoring from it would start the state machine from a state no replica ever had, so the load refuses; the store
 * falls back to an older snapshot in {@link SnapshotStore#loadLatest(org.agrona.ExpandableArrayBuffer)}.
 */
public final class SnapshotCorruptedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    /**
     * @param file   the snapshot file.
     * @param reason what failed, for the operator.
     */
    public SnapshotCorruptedException(final Path file, final String reason)
    {
        super("snapshot corrupted: " + file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    /**
     * @return the snapshot file that failed verification.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return what failed.
     */
    public String reason()
    {
        return reason;
    }
}
