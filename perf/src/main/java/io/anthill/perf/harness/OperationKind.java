package io.anthill.perf.harness;

/**
 * Whether an operation changes state (journaled, replicated) or only reads a read model.
 *
 * <p>The kind matters because the SLA sets different limits for the two paths, and an SLA may name a kind
 * ({@code write.p99.us}) to bound every operation of that kind, measured together.
 */
public enum OperationKind
{
    /** Journaled and replicated before it is answered: orders, cancels, deposits. */
    WRITE("write"),
    /** Served from a read model, never journaled: balances, book depth. */
    READ("read");

    private final String subjectName;

    OperationKind(final String subjectName)
    {
        this.subjectName = subjectName;
    }

    /**
     * The name SLA files and reports use for all operations of this kind together.
     *
     * @return {@code write} or {@code read}.
     */
    public String subjectName()
    {
        return subjectName;
    }

    /**
     * Finds the kind an SLA subject names, if it names one.
     *
     * @param subject a subject from an SLA key or a report row.
     * @return the kind, or {@code null} when the subject is an operation's own name.
     */
    public static OperationKind fromSubjectName(final String subject)
    {
        for (final OperationKind kind : values())
        {
            if (kind.subjectName.equals(subject))
            {
                return kind;
            }
        }
        return null;
    }
}
