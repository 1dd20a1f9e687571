package io.anthill.engine;

/**
 * Says which ring stage failed on which op, and whether the failure stopped the partition; wraps the cause.
 */
public final class StageFailureException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String stageName;
    private final long op;
    private final boolean fatal;

    StageFailureException(final String stageName, final long op, final boolean fatal, final Throwable cause)
    {
        super("stage " + stageName + " failed at op " + op + (fatal ? "; partition failed" : "; entry skipped by stage"),
            cause);
        this.stageName = stageName;
        this.op = op;
        this.fatal = fatal;
    }

    /**
     * @return the stage that failed, such as "journal" or "response-egress".
     */
    public String stageName()
    {
        return stageName;
    }

    /**
     * @return the op being handled, or -1 outside an entry.
     */
    public long op()
    {
        return op;
    }

    /**
     * @return true if the failure stopped the partition.
     */
    public boolean isFatal()
    {
        return fatal;
    }
}
