package io.anthill.perf.harness;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

import io.anthill.codecs.client.ErrorCode;

/**
 * What one operation type (or one kind, all its operations together) did in the measured part of a run: successful
 * latencies in an HdrHistogram, and every request that did not succeed counted by why.
 *
 * <p>Only requests whose intended send time falls after the warm-up are counted here. Latencies of errors are not
 * recorded: a fast refusal would flatter the percentiles; the error rate has its own SLA limit instead.
 */
public final class OperationStats
{
    /** Error name of requests still unanswered when the drain timeout expired (or evicted by the in-flight limit). */
    public static final String NO_RESPONSE = "NO_RESPONSE";
    /** Error name of requests the target never accepted (back-pressure to the end). */
    public static final String NOT_SENT = "NOT_SENT";

    private static final ErrorCode[] ERROR_CODES = ErrorCode.values();

    private final String subject;
    private final OperationKind kind;
    private final long offeredRatePerSec;
    private final Histogram latencyHistogramNs;
    private final long[] errorCounts = new long[ERROR_CODES.length];
    private long sentCount;
    private long successCount;
    private long noResponseCount;
    private long notSentCount;
    private long clampedLatencyCount;

    OperationStats(final String subject, final OperationKind kind, final long offeredRatePerSec, final long highestTrackableNs)
    {
        this.subject = subject;
        this.kind = kind;
        this.offeredRatePerSec = offeredRatePerSec;
        this.latencyHistogramNs = new Histogram(highestTrackableNs, LoadGeneratorContext.HISTOGRAM_SIGNIFICANT_DIGITS);
    }

    void recordSent()
    {
        sentCount++;
    }

    void recordSuccess(final long latencyNs)
    {
        successCount++;
        final long highest = latencyHistogramNs.getHighestTrackableValue();
        if (latencyNs > highest)
        {
            clampedLatencyCount++;
        }
        latencyHistogramNs.recordValue(Math.max(0, Math.min(latencyNs, highest)));
    }

    void recordError(final ErrorCode errorCode)
    {
        errorCounts[errorCode.ordinal()]++;
    }

    void recordNoResponse()
    {
        noResponseCount++;
    }

    void recordNotSent()
    {
        notSentCount++;
    }

    void add(final OperationStats other)
    {
        latencyHistogramNs.add(other.latencyHistogramNs);
        for (int i = 0; i < errorCounts.length; i++)
        {
            errorCounts[i] += other.errorCounts[i];
        }
        sentCount += other.sentCount;
        successCount += other.successCount;
        noResponseCount += other.noResponseCount;
        notSentCount += other.notSentCount;
        clampedLatencyCount += other.clampedLatencyCount;
    }

    /**
     * The operation's name, or the kind's ({@code write}, {@code read}) for a kind's totals.
     *
     * @return the name SLA keys and reports use.
     */
    public String subject()
    {
        return subject;
    }

    /**
     * Whether these are writes or reads.
     *
     * @return the kind.
     */
    public OperationKind kind()
    {
        return kind;
    }

    /**
     * The rate the schedule offered.
     *
     * @return requests per second.
     */
    public long offeredRatePerSec()
    {
        return offeredRatePerSec;
    }

    /**
     * Latencies of successful requests, from intended send time to response, in nanoseconds.
     *
     * @return the histogram itself; do not modify it.
     */
    public Histogram latencyHistogramNs()
    {
        return latencyHistogramNs;
    }

    /**
     * Requests scheduled in the measured window: sent or not.
     *
     * @return the count every rate in this class is a share of.
     */
    public long scheduledCount()
    {
        return sentCount + notSentCount;
    }

    /**
     * Requests the target accepted.
     *
     * @return the count.
     */
    public long sentCount()
    {
        return sentCount;
    }

    /**
     * Requests answered with success.
     *
     * @return the count; equals the histogram's total count.
     */
    public long successCount()
    {
        return successCount;
    }

    /**
     * Requests refused with one protocol error code.
     *
     * @param errorCode the code.
     * @return the count.
     */
    public long errorCount(final ErrorCode errorCode)
    {
        return errorCounts[errorCode.ordinal()];
    }

    /**
     * Requests never answered before the drain timeout.
     *
     * @return the count.
     */
    public long noResponseCount()
    {
        return noResponseCount;
    }

    /**
     * Requests the target never accepted.
     *
     * @return the count.
     */
    public long notSentCount()
    {
        return notSentCount;
    }

    /**
     * Successful latencies above the histogram's highest trackable value, recorded as that value.
     *
     * @return the count; non-zero means max is understated.
     */
    public long clampedLatencyCount()
    {
        return clampedLatencyCount;
    }

    /**
     * Every request that did not succeed: protocol errors, no response, not sent.
     *
     * @return the count.
     */
    public long errorCount()
    {
        long sum = noResponseCount + notSentCount;
        for (final long count : errorCounts)
        {
            sum += count;
        }
        return sum;
    }

    /**
     * The share of scheduled requests that did not succeed.
     *
     * @return 0 to 1; 0 when nothing was scheduled.
     */
    public double errorRate()
    {
        final long scheduled = scheduledCount();
        return scheduled == 0 ? 0.0 : (double)errorCount() / scheduled;
    }

    /**
     * Non-zero error counts by name (protocol codes, {@link #NO_RESPONSE}, {@link #NOT_SENT}), for reports.
     *
     * @return a new map in a stable order.
     */
    public Map<String, Long> errorCountsByName()
    {
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final ErrorCode code : ERROR_CODES)
        {
            putIfNonZero(counts, code.name(), errorCounts[code.ordinal()]);
        }
        putIfNonZero(counts, NO_RESPONSE, noResponseCount);
        putIfNonZero(counts, NOT_SENT, notSentCount);
        return counts;
    }

    private static void putIfNonZero(final Map<String, Long> counts, final String name, final long count)
    {
        if (count != 0)
        {
            counts.put(name, count);
        }
    }
}
