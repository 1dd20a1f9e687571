package io.anthill.journal;

/**
 * An append exceeded {@link JournalContext#maxBodyLength()}: a bug or a missing limit upstream, since commands are
 * bounded before they reach the journal.
 */
public final class EntryTooLargeException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final int bodyLength;
    private final int maxBodyLength;

    /**
     * @param bodyLength    the length that was refused.
     * @param maxBodyLength the configured limit.
     */
    public EntryTooLargeException(final int bodyLength, final int maxBodyLength)
    {
        super("journal entry body of " + bodyLength + " bytes exceeds maxBodyLength " + maxBodyLength);
        this.bodyLength = bodyLength;
        this.maxBodyLength = maxBodyLength;
    }

    /**
     * @return the refused body length in bytes.
     */
    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * @return the limit in bytes.
     */
    public int maxBodyLength()
    {
        return maxBodyLength;
    }
}
