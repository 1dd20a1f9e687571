package io.anthill.perf.harness;

import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import io.anthill.codecs.client.ErrorCode;

/**
 * An open-loop, fixed-rate load generator that does not suffer coordinated omission.
 *
 * <p>Request {@code i} of an operation at rate {@code r} has the intended send time {@code start + i / r}, fixed before
 * the run starts. Each duty cycle reads the clock once, takes responses from the target, and sends every request
 * whose intended time has passed. Latency is measured from the intended time, never from the actual send: if the
 * target (or the generator itself) stalls, the requests that should have gone out meanwhile are sent late and the
 * stall is charged to each of them, exactly as users arriving at a fixed rate would have experienced it.
 *
 * <p>One thread owns all state: run it with {@link #run()} or an Agrona {@code AgentRunner}. Nothing on the per-request
 * path allocates: in-flight requests live in a pre-allocated ring, histograms are sized at start-up.
 */
public final class LoadGenerator implements Agent
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LoadGeneratorContext context;
    private final LoadTarget target;
    private final NanoClock clock;
    private final OperationType[] operations;
    private final OperationStats[] stats;
    private final long[] nextIndexes;
    private final long[] nextIntendedTimesNs;
    private final int sessionCount;
    private final int partitionCount;
    private final InFlightRequests inFlight;
    private final Histogram sendLatenessHistogramNs;
    private final ResponseRecorder responseRecorder = new ResponseRecorder();

    private boolean started;
    private boolean done;
    private long startNs;
    private long measuredStartNs;
    private long sendEndNs;
    private long drainDeadlineNs;
    private long nextCorrelationId = 1;
    private long unmatchedResponseCount;
    private long sendRejectionCount;
    private long evictedCount;
    private long warmupSentCount;
    private LoadResult result;

    /**
     * Allocates everything the run needs, so the run itself does not.
     *
     * @param context settings; {@link LoadGeneratorContext#conclude()} is called here.
     * @param workload what to send and how fast.
     * @param target where to send it.
     */
    public LoadGenerator(final LoadGeneratorContext context, final Workload workload, final LoadTarget target)
    {
        this.context = context.conclude();
        this.target = target;
        this.clock = context.clock();
        this.operations = workload.operations().toArray(new OperationType[0]);
        this.sessionCount = workload.sessionCount();
        this.partitionCount = workload.partitionCount();
        this.stats = new OperationStats[operations.length];
        for (int i = 0; i < operations.length; i++)
        {
            final OperationType type = operations[i];
            stats[i] = new OperationStats(type.name(), type.kind(), type.ratePerSec(), context.latencyHighestTrackableNs());
        }
        this.nextIndexes = new long[operations.length];
        this.nextIntendedTimesNs = new long[operations.length];
        this.inFlight = new InFlightRequests(context.inFlightMax());
        this.sendLatenessHistogramNs = new Histogram(
            context.latencyHighestTrackableNs(), LoadGeneratorContext.HISTOGRAM_SIGNIFICANT_DIGITS);
    }

    /**
     * Runs the duty cycle on the calling thread, idling with the context's strategy, until the run and its drain end.
     *
     * @return the result.
     */
    public LoadResult run()
    {
        settleHeap();
        final IdleStrategy idleStrategy = context.idleStrategy();
        idleStrategy.reset();
        while (!done)
        {
            idleStrategy.idle(doWork());
        }
        return result;
    }

    /**
     * Start-up allocates the pools the engine then reuses for ever (ring slots, order pools, read-model tables: about
     * 300 MB in a JVM running three trading replicas). Left in the young generation, they are all copied by the first
     * young collection, a pause of 25–150 ms measured on this machine, which would land in the measured window; one
     * full collection before the load starts promotes them, as a node does before serving (NodeMain).
     */
    private static void settleHeap()
    {
        System.gc();
    }

    /**
     * One duty cycle: read the clock once, take responses, send everything due, finish when sent and drained.
     *
     * @return responses taken plus requests sent; 0 tells the idle strategy to back off.
     */
    @Override
    public int doWork()
    {
        if (done)
        {
            return 0;
        }
        final long nowNs = clock.nanoTime();
        if (!started)
        {
            start(nowNs);
        }
        int workCount = target.poll(responseRecorder, context.pollResponseCountMax());
        workCount += sendDue(nowNs);
        if ((allScheduledSent() && inFlight.count() == 0) || nowNs - drainDeadlineNs >= 0)
        {
            finish();
        }
        return workCount;
    }

    /**
     * The agent's name in thread names and errors.
     *
     * @return {@code load-generator}.
     */
    @Override
    public String roleName()
    {
        return "load-generator";
    }

    /**
     * Whether every request was sent and answered, or the drain timeout expired.
     *
     * @return true once {@link #result()} is available.
     */
    public boolean isDone()
    {
        return done;
    }

    /**
     * The run's measurements.
     *
     * @return the result.
     * @throws IllegalStateException before {@link #isDone()}.
     */
    public LoadResult result()
    {
        if (!done)
        {
            throw new IllegalStateException("the run has not finished");
        }
        return result;
    }

    private void start(final long nowNs)
    {
        started = true;
        startNs = nowNs;
        measuredStartNs = startNs + context.warmupNs();
        sendEndNs = measuredStartNs + context.durationNs();
        drainDeadlineNs = sendEndNs + context.drainTimeoutNs();
        for (int i = 0; i < operations.length; i++)
        {
            nextIntendedTimesNs[i] = startNs;
        }
    }

    private int sendDue(final long nowNs)
    {
        int sentCount = 0;
        int operationIndex;
        while ((operationIndex = nextDueOperation(nowNs)) >= 0)
        {
            final long correlationId = nextCorrelationId;
            if (inFlight.isSlotTaken(correlationId))
            {
                evictOldest(correlationId);
            }
            final long intendedTimeNs = nextIntendedTimesNs[operationIndex];
            final int sessionIndex = (int)((correlationId - 1) % sessionCount);
            final int partitionIndex = (int)(nextIndexes[operationIndex] % partitionCount);
            if (!target.send(operations[operationIndex], correlationId, sessionIndex, partitionIndex, intendedTimeNs))
            {
                sendRejectionCount++;
                break;
            }
            final boolean measured = intendedTimeNs - measuredStartNs >= 0;
            inFlight.add(correlationId, operationIndex, intendedTimeNs, measured);
            if (measured)
            {
                stats[operationIndex].recordSent();
                recordLateness(nowNs - intendedTimeNs);
            }
            else
            {
                warmupSentCount++;
            }
            nextCorrelationId++;
            advance(operationIndex);
            sentCount++;
        }
        return sentCount;
    }

    /**
     * The operation whose next request is the earliest due, so requests go out in intended-time order.
     */
    private int nextDueOperation(final long nowNs)
    {
        int earliest = -1;
        for (int i = 0; i < operations.length; i++)
        {
            final long intendedNs = nextIntendedTimesNs[i];
            if (intendedNs - sendEndNs < 0 && intendedNs - nowNs <= 0 &&
                (earliest < 0 || intendedNs - nextIntendedTimesNs[earliest] < 0))
            {
                earliest = i;
            }
        }
        return earliest;
    }

    private void advance(final int operationIndex)
    {
        final long index = ++nextIndexes[operationIndex];
        final long ratePerSec = operations[operationIndex].ratePerSec();
        // start + index / rate, split so index * 1e9 cannot overflow however long the run
        nextIntendedTimesNs[operationIndex] = startNs + (index / ratePerSec) * NANOS_PER_SECOND +
            (index % ratePerSec) * NANOS_PER_SECOND / ratePerSec;
    }

    private boolean allScheduledSent()
    {
        for (final long intendedNs : nextIntendedTimesNs)
        {
            if (intendedNs - sendEndNs < 0)
            {
                return false;
            }
        }
        return true;
    }

    private void evictOldest(final long correlationId)
    {
        inFlight.evictSlotOf(correlationId);
        evictedCount++;
        if (inFlight.removedMeasured())
        {
            stats[inFlight.removedOperationIndex()].recordNoResponse();
        }
    }

    private void recordLateness(final long latenessNs)
    {
        sendLatenessHistogramNs.recordValue(Math.max(0, Math.min(latenessNs, sendLatenessHistogramNs.getHighestTrackableValue())));
    }

    private void finish()
    {
        for (int i = 0; i < operations.length; i++)
        {
            while (nextIntendedTimesNs[i] - sendEndNs < 0)
            {
                if (nextIntendedTimesNs[i] - measuredStartNs >= 0)
                {
                    stats[i].recordNotSent();
                }
                advance(i);
            }
        }
        for (int slot = 0; inFlight.count() > 0 && slot < inFlight.capacity(); slot++)
        {
            if (inFlight.removeAtSlot(slot) && inFlight.removedMeasured())
            {
                stats[inFlight.removedOperationIndex()].recordNoResponse();
            }
        }
        final List<OperationStats> statsList = new ArrayList<>(List.of(stats));
        result = new LoadResult(statsList, context.durationNs(), sendLatenessHistogramNs,
            unmatchedResponseCount, sendRejectionCount, evictedCount, warmupSentCount);
        done = true;
    }

    /** Matches each response to its request and records it; runs on the generator's thread inside poll. */
    private final class ResponseRecorder implements CompletionHandler
    {
        @Override
        public void onSuccess(final long correlationId, final long responseTimeNs)
        {
            if (!inFlight.remove(correlationId))
            {
                unmatchedResponseCount++;
            }
            else if (inFlight.removedMeasured())
            {
                stats[inFlight.removedOperationIndex()].recordSuccess(responseTimeNs - inFlight.removedIntendedTimeNs());
            }
        }

        @Override
        public void onError(final long correlationId, final ErrorCode errorCode, final long responseTimeNs)
        {
            if (!inFlight.remove(correlationId))
            {
                unmatchedResponseCount++;
            }
            else if (inFlight.removedMeasured())
            {
                stats[inFlight.removedOperationIndex()].recordError(errorCode);
            }
        }
    }
}
