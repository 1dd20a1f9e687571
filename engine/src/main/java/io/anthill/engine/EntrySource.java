package io.anthill.engine;

/**
 * Where an entry in a partition's ring came from. It decides what each stage does with it: the journal stage skips
 * entries already in the journal, egress answers clients only for commands this node accepted, and the state
 * machine sees {@link CommandContext#isReplaying()} for replayed ones.
 */
public enum EntrySource
{
    /** A client command accepted by this node's ingress. */
    CLIENT(true, false, true),
    /** A timer tick issued by this node's timer. */
    TIMER(true, false, false),
    /** An entry issued by the partition itself, such as a snapshot request. */
    CONTROL(true, false, false),
    /** An entry read back from the local journal during recovery. */
    REPLAY(false, true, false),
    /** An entry of a replicated log, already in the journal (the replica agent owns it): applied once committed,
     * answered by the primary that accepted it. */
    REPLICATED(false, false, false);

    private final boolean needsJournal;
    private final boolean replaying;
    private final boolean answersClient;

    EntrySource(final boolean needsJournal, final boolean replaying, final boolean answersClient)
    {
        this.needsJournal = needsJournal;
        this.replaying = replaying;
        this.answersClient = answersClient;
    }

    /**
     * @return true if the journal stage must append the entry.
     */
    public boolean needsJournal()
    {
        return needsJournal;
    }

    /**
     * @return true if the entry is applied to rebuild state, with effects suppressed.
     */
    public boolean isReplaying()
    {
        return replaying;
    }

    /**
     * @return true if egress sends the entry's response to a client.
     */
    public boolean answersClient()
    {
        return answersClient;
    }
}
