package io.anthill.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.JournalContext;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.status.CountersManager;

/**
 * Settings of one partition, Aeron style: fluent setters, {@link #conclude()} validates them and fills every
 * unset value from {@link PartitionConfiguration}, then getters. Not thread safe; conclude before launch.
 */
public final class PartitionContext
{
    private int partitionId = -1;
    private StateMachine stateMachine;
    private final List<Projection> projections = new ArrayList<>();
    private ResponseSink responseSink;
    private ReplicationHandler replicationHandler;
    private CommitGate commitGate;
    private CountersManager countersManager;
    private ErrorHandler errorHandler;
    private EpochNanoClock clock;
    private Path journalDirectory;
    private Path snapshotDirectory;
    private DurabilityPolicy durability;
    private long forceIntervalMs = -1;
    private int ringSize = -1;
    private long snapshotIntervalOps = -1;
    private int snapshotKeepCount = -1;
    private RollCycle journalRollCycle;
    private int dedupSessionCapacity = -1;
    private int dedupResponsesPerSession = -1;
    private int alarmCapacity = -1;
    private int alarmCatchUpLimit = -1;
    private int payloadLengthMax = -1;
    private int responseLengthMax = -1;
    private int eventsLengthMax = -1;
    private RingWaitStrategy waitStrategy;
    private long recoveryTimeoutMs = -1;
    private boolean replicated;
    private boolean concluded;
    private Consumer<JournalContext> journalTuning = journalContext -> {};

    /**
     * Validates every setting and fills unset ones from {@link PartitionConfiguration}; fails fast with a message
     * naming the bad setting.
     *
     * @return this for chaining.
     */
    public PartitionContext conclude()
    {
        if (concluded)
        {
            throw new IllegalStateException("partition context already concluded");
        }
        require(partitionId >= 0, "partitionId must be set and >= 0, was " + partitionId);
        Objects.requireNonNull(stateMachine, "stateMachine must be set");
        responseSink = null == responseSink ? ResponseSink.DISCARD : responseSink;
        replicationHandler = null == replicationHandler ? ReplicationHandler.singleNode() : replicationHandler;
        commitGate = null == commitGate ? (replicated ? CommitGate.replicated() : CommitGate.journaled()) : commitGate;
        require(!replicated || commitGate.gatesOnCommit(), "a replicated partition needs a CommitGate.replicated()");
        errorHandler = null == errorHandler ? Throwable::printStackTrace : errorHandler;
        clock = null == clock ? new OffsetEpochNanoClock() : clock;
        final Path partitionRoot = Path.of(PartitionConfiguration.DATA_DIR_DEFAULT, "partition-" + partitionId);
        journalDirectory = null != journalDirectory ? journalDirectory : Path.of(
            System.getProperty(PartitionConfiguration.JOURNAL_DIR_PROP, partitionRoot.resolve("journal").toString()));
        snapshotDirectory = null != snapshotDirectory ? snapshotDirectory : Path.of(System.getProperty(
            PartitionConfiguration.SNAPSHOT_DIR_PROP, partitionRoot.resolve("snapshots").toString()));
        durability = null == durability ? PartitionConfiguration.durability() : durability;
        forceIntervalMs = forceIntervalMs < 0 ? PartitionConfiguration.forceIntervalMs() : forceIntervalMs;
        ringSize = ringSize < 0 ? PartitionConfiguration.ringSize() : ringSize;
        snapshotIntervalOps = snapshotIntervalOps < 0 ? PartitionConfiguration.snapshotIntervalOps() : snapshotIntervalOps;
        snapshotKeepCount = snapshotKeepCount < 0 ? PartitionConfiguration.snapshotKeepCount() : snapshotKeepCount;
        dedupSessionCapacity = dedupSessionCapacity < 0 ?
            PartitionConfiguration.dedupSessionCapacity() : dedupSessionCapacity;
        dedupResponsesPerSession = dedupResponsesPerSession < 0 ?
            PartitionConfiguration.dedupResponsesPerSession() : dedupResponsesPerSession;
        alarmCapacity = alarmCapacity < 0 ? PartitionConfiguration.alarmCapacity() : alarmCapacity;
        alarmCatchUpLimit = alarmCatchUpLimit < 0 ? PartitionConfiguration.alarmCatchUpLimit() : alarmCatchUpLimit;
        payloadLengthMax = payloadLengthMax < 0 ? PartitionConfiguration.payloadLengthMax() : payloadLengthMax;
        responseLengthMax = responseLengthMax < 0 ? PartitionConfiguration.responseLengthMax() : responseLengthMax;
        eventsLengthMax = eventsLengthMax < 0 ? PartitionConfiguration.eventsLengthMax() : eventsLengthMax;
        waitStrategy = null == waitStrategy ? PartitionConfiguration.waitStrategy() : waitStrategy;
        recoveryTimeoutMs = recoveryTimeoutMs < 0 ? PartitionConfiguration.recoveryTimeoutMs() : recoveryTimeoutMs;
        validateLimits();
        concluded = true;
        return this;
    }

    private void validateLimits()
    {
        require(Integer.bitCount(ringSize) == 1 && ringSize <= PartitionConfiguration.RING_SIZE_MAX,
            "ringSize must be a power of two <= " + PartitionConfiguration.RING_SIZE_MAX + ", was " + ringSize);
        require(snapshotKeepCount >= 1, "snapshotKeepCount must be >= 1, was " + snapshotKeepCount);
        require(dedupSessionCapacity >= 1 && dedupSessionCapacity <= PartitionConfiguration.DEDUP_SESSION_CAPACITY_MAX,
            "dedupSessionCapacity must be in [1, " + PartitionConfiguration.DEDUP_SESSION_CAPACITY_MAX + "], was " +
            dedupSessionCapacity);
        require(dedupResponsesPerSession >= 1 &&
            dedupResponsesPerSession <= PartitionConfiguration.DEDUP_RESPONSES_PER_SESSION_MAX,
            "dedupResponsesPerSession must be in [1, " + PartitionConfiguration.DEDUP_RESPONSES_PER_SESSION_MAX +
            "], was " + dedupResponsesPerSession);
        require(alarmCapacity >= 1 && alarmCapacity <= PartitionConfiguration.ALARM_CAPACITY_MAX,
            "alarmCapacity must be in [1, " + PartitionConfiguration.ALARM_CAPACITY_MAX + "], was " + alarmCapacity);
        require(alarmCatchUpLimit >= 1, "alarmCatchUpLimit must be >= 1, was " + alarmCatchUpLimit);
        requireLength("payloadLengthMax", payloadLengthMax);
        requireLength("responseLengthMax", responseLengthMax);
        requireLength("eventsLengthMax", eventsLengthMax);
        require(recoveryTimeoutMs > 0, "recoveryTimeoutMs must be > 0, was " + recoveryTimeoutMs);
    }

    private static void requireLength(final String name, final int value)
    {
        require(value >= 0 && value <= PartitionConfiguration.MESSAGE_LENGTH_LIMIT,
            name + " must be in [0, " + PartitionConfiguration.MESSAGE_LENGTH_LIMIT + "], was " + value);
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * @param payloadLengthMax a client payload limit.
     * @return the longest journal body a client command with such a payload encodes to.
     */
    public static int journalBodyLengthMax(final int payloadLengthMax)
    {
        return JournalBodyEncoder.clientCommandLengthMax(payloadLengthMax);
    }

    /** @return true once {@link #conclude()} succeeded. */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @param replicated true when a replica agent owns the journal and commits entries (QUORUM acknowledgement): the
     *                   ring then has no journal stage and the business logic waits for the commit gate.
     * @return this for chaining.
     */
    public PartitionContext replicated(final boolean replicated)
    {
        this.replicated = replicated;
        return this;
    }

    /** @return true for a partition of a replica group. */
    public boolean replicated()
    {
        return replicated;
    }

    /**
     * @param partitionId the partition's id, stamped on every journal entry.
     * @return this for chaining.
     */
    public PartitionContext partitionId(final int partitionId)
    {
        this.partitionId = partitionId;
        return this;
    }

    /** @return the partition's id. */
    public int partitionId()
    {
        return partitionId;
    }

    /**
     * @param stateMachine the user's business logic; required.
     * @return this for chaining.
     */
    public PartitionContext stateMachine(final StateMachine stateMachine)
    {
        this.stateMachine = stateMachine;
        return this;
    }

    /** @return the user's business logic. */
    public StateMachine stateMachine()
    {
        return stateMachine;
    }

    /**
     * @param projection a read model fed on its own thread; may be called several times.
     * @return this for chaining.
     */
    public PartitionContext addProjection(final Projection projection)
    {
        projections.add(Objects.requireNonNull(projection, "projection"));
        return this;
    }

    /** @return the read models, in the order they were added. */
    public List<Projection> projections()
    {
        return projections;
    }

    /**
     * @param responseSink where responses go; default {@link ResponseSink#DISCARD}.
     * @return this for chaining.
     */
    public PartitionContext responseSink(final ResponseSink responseSink)
    {
        this.responseSink = responseSink;
        return this;
    }

    /** @return where responses go. */
    public ResponseSink responseSink()
    {
        return responseSink;
    }

    /**
     * @param replicationHandler the replication stage; default {@link ReplicationHandler#singleNode()}.
     * @return this for chaining.
     */
    public PartitionContext replicationHandler(final ReplicationHandler replicationHandler)
    {
        this.replicationHandler = replicationHandler;
        return this;
    }

    /** @return the replication stage. */
    public ReplicationHandler replicationHandler()
    {
        return replicationHandler;
    }

    /**
     * @param commitGate when the business logic may apply an entry; default {@link CommitGate#journaled()}.
     * @return this for chaining.
     */
    public PartitionContext commitGate(final CommitGate commitGate)
    {
        this.commitGate = commitGate;
        return this;
    }

    /** @return the commit gate. */
    public CommitGate commitGate()
    {
        return commitGate;
    }

    /**
     * @param countersManager where the partition's counters live (a memory-mapped file for outside tools); default
     *                        a private in-memory buffer.
     * @return this for chaining.
     */
    public PartitionContext countersManager(final CountersManager countersManager)
    {
        this.countersManager = countersManager;
        return this;
    }

    /** @return the counters manager, or null for a private buffer. */
    public CountersManager countersManager()
    {
        return countersManager;
    }

    /**
     * @param errorHandler receives every counted error once; default prints the stack trace.
     * @return this for chaining.
     */
    public PartitionContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /** @return the error handler. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param clock the primary's clock, read at ingress only; default Agrona's OffsetEpochNanoClock (the system clock
     *              re-based on System.nanoTime, which unlike SystemEpochNanoClock allocates nothing).
     * @return this for chaining.
     */
    public PartitionContext clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** @return the clock. */
    public EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @param journalDirectory the journal's queue directory.
     * @return this for chaining.
     */
    public PartitionContext journalDirectory(final Path journalDirectory)
    {
        this.journalDirectory = journalDirectory;
        return this;
    }

    /** @return the journal's queue directory. */
    public Path journalDirectory()
    {
        return journalDirectory;
    }

    /**
     * @param snapshotDirectory where snapshots are kept.
     * @return this for chaining.
     */
    public PartitionContext snapshotDirectory(final Path snapshotDirectory)
    {
        this.snapshotDirectory = snapshotDirectory;
        return this;
    }

    /** @return where snapshots are kept. */
    public Path snapshotDirectory()
    {
        return snapshotDirectory;
    }

    /**
     * @param durability when the journal forces to disk.
     * @return this for chaining.
     */
    public PartitionContext durability(final DurabilityPolicy durability)
    {
        this.durability = durability;
        return this;
    }

    /** @return the journal's durability policy. */
    public DurabilityPolicy durability()
    {
        return durability;
    }

    /**
     * @param forceIntervalMs force interval under {@link DurabilityPolicy#INTERVAL}.
     * @return this for chaining.
     */
    public PartitionContext forceIntervalMs(final long forceIntervalMs)
    {
        this.forceIntervalMs = forceIntervalMs;
        return this;
    }

    /** @return the force interval in milliseconds. */
    public long forceIntervalMs()
    {
        return forceIntervalMs;
    }

    /**
     * @param ringSize slots in the ring, a power of two; bounds the commands in flight.
     * @return this for chaining.
     */
    public PartitionContext ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /** @return slots in the ring. */
    public int ringSize()
    {
        return ringSize;
    }

    /**
     * @param snapshotIntervalOps take a snapshot every this many ops; 0 for only on request.
     * @return this for chaining.
     */
    public PartitionContext snapshotIntervalOps(final long snapshotIntervalOps)
    {
        this.snapshotIntervalOps = snapshotIntervalOps;
        return this;
    }

    /** @return the snapshot interval in ops. */
    public long snapshotIntervalOps()
    {
        return snapshotIntervalOps;
    }

    /**
     * @param snapshotKeepCount snapshots kept; the journal is kept back to the oldest of them.
     * @return this for chaining.
     */
    public PartitionContext snapshotKeepCount(final int snapshotKeepCount)
    {
        this.snapshotKeepCount = snapshotKeepCount;
        return this;
    }

    /** @return snapshots kept. */
    public int snapshotKeepCount()
    {
        return snapshotKeepCount;
    }

    /**
     * @param journalRollCycle how often the journal starts a new file (null: the journal's default, daily). Retention
     *                         deletes whole files, so for a replicated partition this is also the window in which a
     *                         lagging replica still catches up from its peers' logs rather than by snapshot.
     * @return this for chaining.
     */
    public PartitionContext journalRollCycle(final RollCycle journalRollCycle)
    {
        this.journalRollCycle = journalRollCycle;
        return this;
    }

    /** @return the journal's roll cycle, or null for the journal's default. */
    public RollCycle journalRollCycle()
    {
        return journalRollCycle;
    }

    /**
     * @param dedupSessionCapacity client sessions the dedup table remembers.
     * @return this for chaining.
     */
    public PartitionContext dedupSessionCapacity(final int dedupSessionCapacity)
    {
        this.dedupSessionCapacity = dedupSessionCapacity;
        return this;
    }

    /** @return client sessions the dedup table remembers. */
    public int dedupSessionCapacity()
    {
        return dedupSessionCapacity;
    }

    /**
     * @param dedupResponsesPerSession recent responses each session remembers for retries.
     * @return this for chaining.
     */
    public PartitionContext dedupResponsesPerSession(final int dedupResponsesPerSession)
    {
        this.dedupResponsesPerSession = dedupResponsesPerSession;
        return this;
    }

    /** @return recent responses each session remembers. */
    public int dedupResponsesPerSession()
    {
        return dedupResponsesPerSession;
    }

    /**
     * @param alarmCapacity alarms the partition may hold.
     * @return this for chaining.
     */
    public PartitionContext alarmCapacity(final int alarmCapacity)
    {
        this.alarmCapacity = alarmCapacity;
        return this;
    }

    /** @return alarms the partition may hold. */
    public int alarmCapacity()
    {
        return alarmCapacity;
    }

    /**
     * @param alarmCatchUpLimit most alarms one timer tick fires.
     * @return this for chaining.
     */
    public PartitionContext alarmCatchUpLimit(final int alarmCatchUpLimit)
    {
        this.alarmCatchUpLimit = alarmCatchUpLimit;
        return this;
    }

    /** @return most alarms one timer tick fires. */
    public int alarmCatchUpLimit()
    {
        return alarmCatchUpLimit;
    }

    /**
     * @param payloadLengthMax largest client payload in bytes.
     * @return this for chaining.
     */
    public PartitionContext payloadLengthMax(final int payloadLengthMax)
    {
        this.payloadLengthMax = payloadLengthMax;
        return this;
    }

    /** @return largest client payload in bytes. */
    public int payloadLengthMax()
    {
        return payloadLengthMax;
    }

    /**
     * @param responseLengthMax largest response in bytes.
     * @return this for chaining.
     */
    public PartitionContext responseLengthMax(final int responseLengthMax)
    {
        this.responseLengthMax = responseLengthMax;
        return this;
    }

    /** @return largest response in bytes. */
    public int responseLengthMax()
    {
        return responseLengthMax;
    }

    /**
     * @param eventsLengthMax largest total of one command's events in bytes.
     * @return this for chaining.
     */
    public PartitionContext eventsLengthMax(final int eventsLengthMax)
    {
        this.eventsLengthMax = eventsLengthMax;
        return this;
    }

    /** @return largest total of one command's events in bytes. */
    public int eventsLengthMax()
    {
        return eventsLengthMax;
    }

    /**
     * @param waitStrategy how ring stages wait for work.
     * @return this for chaining.
     */
    public PartitionContext waitStrategy(final RingWaitStrategy waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    /** @return how ring stages wait for work. */
    public RingWaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    /**
     * @param recoveryTimeoutMs how long launch waits for recovery replay.
     * @return this for chaining.
     */
    public PartitionContext recoveryTimeoutMs(final long recoveryTimeoutMs)
    {
        this.recoveryTimeoutMs = recoveryTimeoutMs;
        return this;
    }

    /** @return how long launch waits for recovery replay, in milliseconds. */
    public long recoveryTimeoutMs()
    {
        return recoveryTimeoutMs;
    }

    /**
     * Tests only: adjusts the journal's settings after the partition's (a short roll cycle on a driven clock, so
     * retention can be shown without waiting a day).
     */
    PartitionContext journalTuning(final Consumer<JournalContext> journalTuning)
    {
        this.journalTuning = journalTuning;
        return this;
    }

    Consumer<JournalContext> journalTuning()
    {
        return journalTuning;
    }
}
