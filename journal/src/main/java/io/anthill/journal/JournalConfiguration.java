package io.anthill.journal;

/**
 * Every journal setting that can come from a system property, with its default and its limits, in one place (as
 * Aeron's Configuration does). {@link JournalContext} reads them when a setter was not called; docs/journal.md lists
 * them.
 */
public final class JournalConfiguration
{
    /**
     * Property naming the {@link DurabilityPolicy}.
     */
    public static final String DURABILITY_PROP_NAME = "anthill.journal.durability";

    /**
     * Default durability: group commit, an acknowledged entry survives a power loss.
     */
    public static final DurabilityPolicy DURABILITY_DEFAULT = DurabilityPolicy.BATCH;

    /**
     * Property for {@link JournalContext#forceIntervalMs()}.
     */
    public static final String FORCE_INTERVAL_MS_PROP_NAME = "anthill.journal.force.interval.ms";

    /**
     * Default force interval for {@link DurabilityPolicy#INTERVAL}.
     */
    public static final long FORCE_INTERVAL_MS_DEFAULT = 10;

    /**
     * Property for {@link JournalContext#maxBodyLength()}.
     */
    public static final String MAX_BODY_LENGTH_PROP_NAME = "anthill.journal.max.body.length";

    /**
     * Default largest body: 1 MiB of payload plus 64 KiB for the body's own headers.
     */
    public static final int MAX_BODY_LENGTH_DEFAULT = (1 << 20) + (64 << 10);

    /**
     * Hard ceiling for maxBodyLength: a document must fit in the overlap of Chronicle's mapped chunks (a quarter of
     * {@link #QUEUE_BLOCK_SIZE_BYTES}) so that it can be read from one contiguous address.
     */
    public static final int MAX_BODY_LENGTH_LIMIT = 8 << 20;

    /**
     * Chronicle's mapped chunk size; its overlap (a quarter) bounds the largest document.
     */
    public static final long QUEUE_BLOCK_SIZE_BYTES = 64L << 20;

    /**
     * Most readers open at once on one journal; each holds a tailer and a staging buffer.
     */
    public static final int MAX_READERS = 64;

    private JournalConfiguration()
    {
    }

    static DurabilityPolicy durability()
    {
        final String value = System.getProperty(DURABILITY_PROP_NAME);
        return null == value ? DURABILITY_DEFAULT : DurabilityPolicy.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }

    static long forceIntervalMs()
    {
        return Long.getLong(FORCE_INTERVAL_MS_PROP_NAME, FORCE_INTERVAL_MS_DEFAULT);
    }

    static int maxBodyLength()
    {
        return Integer.getInteger(MAX_BODY_LENGTH_PROP_NAME, MAX_BODY_LENGTH_DEFAULT);
    }
}
