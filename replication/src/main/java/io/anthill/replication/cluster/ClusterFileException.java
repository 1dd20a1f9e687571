package io.anthill.replication.cluster;

/**
 * A cluster file that cannot be used; the message names the line or key and says what to fix.
 */
public final class ClusterFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong and where.
     */
    public ClusterFileException(final String message)
    {
        super(message);
    }
}
