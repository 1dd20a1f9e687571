package io.anthill.journal;

import java.nio.file.Path;

/**
 * A journal document failed verification where it cannot be a torn tail: a checksum mismatch, a broken op sequence or
 * a foreign entry in the middle of the log. Replaying past it would silently diverge, so the journal refuses; the
 * operator restores the partition from another replica or a snapshot.
 */
public final class JournalCorruptedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long op;
    private final String reason;

    /**
     * @param file   the Chronicle queue file (.cq4) holding the bad document, or the queue directory when unknown.
     * @param op     the op the bad document should hold (the expected op when its header cannot be trusted).
     * @param reason what failed, for the operator.
     */
    public JournalCorruptedException(final Path file, final long op, final String reason)
    {
        super("journal corrupted in " + file + " at op " + op + ": " + reason);
        this.file = file;
        this.op = op;
        this.reason = reason;
    }

    /**
     * @return the queue file holding the bad document.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return the op of the bad document.
     */
    public long op()
    {
        return op;
    }

    /**
     * @return what failed.
     */
    public String reason()
    {
        return reason;
    }
}
