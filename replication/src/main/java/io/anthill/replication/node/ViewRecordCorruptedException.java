package io.anthill.replication.node;

import java.nio.file.Path;

/**
 * A replica's view record file exists but holds no record that passes its checksum, or holds one of another
 * partition. Thrown at start instead of guessing: restoring a wrong view could let a restarted primary lead a view it
 * already led, and ignoring the file would silently drop the replica back to VR's recovery. The operator either
 * restores the file or deletes it, after which the replica rejoins through the recovery protocol alone (which needs
 * f + 1 replicas of its group running).
 */
public final class ViewRecordCorruptedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    ViewRecordCorruptedException(final Path file, final String what)
    {
        super("view record " + file + ": " + what + "; restore the file, or delete it so the replica rejoins " +
            "through recovery (needs f + 1 running replicas of its group)");
        this.file = file;
    }

    /**
     * @return the file that failed.
     */
    public Path file()
    {
        return file;
    }
}
