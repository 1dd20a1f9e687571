package io.anthill.journal;

import java.nio.file.Path;
import java.util.Objects;

import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Settings of one partition's journal, Aeron style: fluent setters, {@link #conclude()} validates and fills defaults
 * (from {@link JournalConfiguration}), then getters. Not thread safe; conclude before handing it to
 * {@link Journal#open(JournalContext)}.
 */
public final class JournalContext
{
    private Path directory;
    private int partitionId = -1;
    private DurabilityPolicy durability;
    private long forceIntervalMs = -1;
    private NanoClock nanoClock;
    private int maxBodyLength = -1;
    private RollCycle rollCycle;
    private TimeProvider cycleTimeProvider;
    private boolean readOnly;
    private boolean concluded;

    /**
     * @param directory the directory holding this partition's Chronicle queue (created if absent).
     * @return this for chaining.
     */
    public JournalContext directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    /**
     * @return the queue directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @param partitionId the partition this log belongs to; stamped in and checked on every entry.
     * @return this for chaining.
     */
    public JournalContext partitionId(final int partitionId)
    {
        this.partitionId = partitionId;
        return this;
    }

    /**
     * @return the partition id.
     */
    public int partitionId()
    {
        return partitionId;
    }

    /**
     * @param durability when {@link Journal#endBatch()} forces; default {@link DurabilityPolicy#BATCH}.
     * @return this for chaining.
     */
    public JournalContext durability(final DurabilityPolicy durability)
    {
        this.durability = durability;
        return this;
    }

    /**
     * @return the durability policy.
     */
    public DurabilityPolicy durability()
    {
        return durability;
    }

    /**
     * @param forceIntervalMs least time between forces under {@link DurabilityPolicy#INTERVAL}; default 10.
     * @return this for chaining.
     */
    public JournalContext forceIntervalMs(final long forceIntervalMs)
    {
        this.forceIntervalMs = forceIntervalMs;
        return this;
    }

    /**
     * @return the force interval in milliseconds.
     */
    public long forceIntervalMs()
    {
        return forceIntervalMs;
    }

    /**
     * @param nanoClock the clock {@link DurabilityPolicy#INTERVAL} reads; inject a manual clock in tests.
     * @return this for chaining.
     */
    public JournalContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    /**
     * @return the clock used by the interval policy.
     */
    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /**
     * @param maxBodyLength largest body an append accepts, at most {@link JournalConfiguration#MAX_BODY_LENGTH_LIMIT};
     *                      readers size their buffers from it, so keep it the same across restarts.
     * @return this for chaining.
     */
    public JournalContext maxBodyLength(final int maxBodyLength)
    {
        this.maxBodyLength = maxBodyLength;
        return this;
    }

    /**
     * @return the largest body length in bytes.
     */
    public int maxBodyLength()
    {
        return maxBodyLength;
    }

    /**
     * @param rollCycle how often Chronicle starts a new file; retention deletes whole files, so this is the retention
     *                  granularity. Default {@link RollCycles#FAST_DAILY}.
     * @return this for chaining.
     */
    public JournalContext rollCycle(final RollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
        return this;
    }

    /**
     * @return the roll cycle.
     */
    public RollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * @param readOnly open without writing anything (no torn-tail seal, no force): for tools such as verify.
     * @return this for chaining.
     */
    public JournalContext readOnly(final boolean readOnly)
    {
        this.readOnly = readOnly;
        return this;
    }

    /**
     * @return whether the journal is opened read-only.
     */
    public boolean readOnly()
    {
        return readOnly;
    }

    /**
     * Tests drive Chronicle's wall clock to roll files without waiting; production leaves it null.
     */
    JournalContext cycleTimeProvider(final TimeProvider cycleTimeProvider)
    {
        this.cycleTimeProvider = cycleTimeProvider;
        return this;
    }

    TimeProvider cycleTimeProvider()
    {
        return cycleTimeProvider;
    }

    /**
     * Validates the settings and fills defaults; idempotent.
     *
     * @return this for chaining.
     * @throws IllegalArgumentException naming the setting to fix.
     */
    public JournalContext conclude()
    {
        Objects.requireNonNull(directory, "JournalContext.directory must be set");
        if (partitionId < 0)
        {
            throw new IllegalArgumentException("JournalContext.partitionId must be set and >= 0, was " + partitionId);
        }
        durability = null != durability ? durability : JournalConfiguration.durability();
        forceIntervalMs = forceIntervalMs >= 0 ? forceIntervalMs : JournalConfiguration.forceIntervalMs();
        if (forceIntervalMs < 0)
        {
            throw new IllegalArgumentException("JournalContext.forceIntervalMs must be >= 0, was " + forceIntervalMs);
        }
        nanoClock = null != nanoClock ? nanoClock : SystemNanoClock.INSTANCE;
        maxBodyLength = maxBodyLength >= 0 ? maxBodyLength : JournalConfiguration.maxBodyLength();
        if (maxBodyLength < 0 || maxBodyLength > JournalConfiguration.MAX_BODY_LENGTH_LIMIT)
        {
            throw new IllegalArgumentException("JournalContext.maxBodyLength must be in [0, " +
                JournalConfiguration.MAX_BODY_LENGTH_LIMIT + "], was " + maxBodyLength);
        }
        rollCycle = null != rollCycle ? rollCycle : RollCycles.FAST_DAILY;
        concluded = true;
        return this;
    }

    boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @return the settings as text, for the start-up log.
     */
    @Override
    public String toString()
    {
        return "JournalContext{directory=" + directory + ", partitionId=" + partitionId + ", durability=" + durability +
            ", forceIntervalMs=" + forceIntervalMs + ", maxBodyLength=" + maxBodyLength + ", rollCycle=" + rollCycle +
            ", readOnly=" + readOnly + '}';
    }
}
