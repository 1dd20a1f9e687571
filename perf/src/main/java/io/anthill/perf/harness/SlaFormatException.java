package io.anthill.perf.harness;

/**
 * An SLA file is malformed. The message names the file, line, key and what is wrong, so the user can fix it without
 * reading the parser.
 */
public final class SlaFormatException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message the file, line, key and reason.
     */
    public SlaFormatException(final String message)
    {
        super(message);
    }
}
