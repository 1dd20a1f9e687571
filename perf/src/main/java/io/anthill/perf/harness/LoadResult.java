package io.anthill.perf.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.HdrHistogram.Histogram;

/**
 * Everything one load-generator run measured: per-operation and per-kind statistics plus the generator's own health
 * (how late it sent, responses it could not match, back-pressure it met).
 */
public final class LoadResult
{
    private final List<OperationStats> operations;
    private final List<OperationStats> kindTotals;
    private final long measuredDurationNs;
    private final Histogram sendLatenessHistogramNs;
    private final long unmatchedResponseCount;
    private final long sendRejectionCount;
    private final long evictedCount;
    private final long warmupSentCount;

    LoadResult(
        final List<OperationStats> operations,
        final long measuredDurationNs,
        final Histogram sendLatenessHistogramNs,
        final long unmatchedResponseCount,
        final long sendRejectionCount,
        final long evictedCount,
        final long warmupSentCount)
    {
        this.operations = Collections.unmodifiableList(new ArrayList<>(operations));
        this.kindTotals = Collections.unmodifiableList(totalsByKind(operations, sendLatenessHistogramNs));
        this.measuredDurationNs = measuredDurationNs;
        this.sendLatenessHistogramNs = sendLatenessHistogramNs;
        this.unmatchedResponseCount = unmatchedResponseCount;
        this.sendRejectionCount = sendRejectionCount;
        this.evictedCount = evictedCount;
        this.warmupSentCount = warmupSentCount;
    }

    private static List<OperationStats> totalsByKind(final List<OperationStats> operations, final Histogram anyHistogram)
    {
        final List<OperationStats> totals = new ArrayList<>();
        for (final OperationKind kind : OperationKind.values())
        {
            long offeredRatePerSec = 0;
            for (final OperationStats stats : operations)
            {
                offeredRatePerSec += stats.kind() == kind ? stats.offeredRatePerSec() : 0;
            }
            if (offeredRatePerSec > 0)
            {
                final OperationStats total = new OperationStats(
                    kind.subjectName(), kind, offeredRatePerSec, anyHistogram.getHighestTrackableValue());
                for (final OperationStats stats : operations)
                {
                    if (stats.kind() == kind)
                    {
                        total.add(stats);
                    }
                }
                totals.add(total);
            }
        }
        return totals;
    }

    /**
     * One entry per operation type, in workload order.
     *
     * @return an unmodifiable list.
     */
    public List<OperationStats> operations()
    {
        return operations;
    }

    /**
     * One entry per kind present (all writes together, all reads together), as SLA subjects {@code write}/{@code read}.
     *
     * @return an unmodifiable list.
     */
    public List<OperationStats> kindTotals()
    {
        return kindTotals;
    }

    /**
     * Operations first, then kind totals: every row of a report.
     *
     * @return a new list.
     */
    public List<OperationStats> allSubjects()
    {
        final List<OperationStats> all = new ArrayList<>(operations);
        all.addAll(kindTotals);
        return all;
    }

    /**
     * Finds the statistics an SLA subject names: an operation's name or a kind's.
     *
     * @param subject e.g. {@code order} or {@code write}.
     * @return the statistics, or empty when this run had no such operation or kind.
     */
    public Optional<OperationStats> subject(final String subject)
    {
        for (final OperationStats stats : allSubjects())
        {
            if (stats.subject().equals(subject))
            {
                return Optional.of(stats);
            }
        }
        return Optional.empty();
    }

    /**
     * The measured window (intended send times from the end of warm-up to the end of the run).
     *
     * @return nanoseconds.
     */
    public long measuredDurationNs()
    {
        return measuredDurationNs;
    }

    /**
     * Successful responses per second of the measured window.
     *
     * @param stats one row of this result.
     * @return requests per second.
     */
    public double throughputPerSec(final OperationStats stats)
    {
        return stats.successCount() * 1e9 / measuredDurationNs;
    }

    /**
     * How late the generator itself sent each measured request (actual minus intended send time): its own overhead,
     * already included in every latency.
     *
     * @return the histogram; do not modify it.
     */
    public Histogram sendLatenessHistogramNs()
    {
        return sendLatenessHistogramNs;
    }

    /**
     * Responses for ids the generator was not waiting for: duplicates, or answers after the request was given up on.
     *
     * @return the count.
     */
    public long unmatchedResponseCount()
    {
        return unmatchedResponseCount;
    }

    /**
     * Times the target refused a send under back-pressure (each retried later, charged to latency).
     *
     * @return the count.
     */
    public long sendRejectionCount()
    {
        return sendRejectionCount;
    }

    /**
     * Requests given up on because the in-flight limit was reached; also counted as no response.
     *
     * @return the count.
     */
    public long evictedCount()
    {
        return evictedCount;
    }

    /**
     * Requests sent during warm-up and therefore not counted anywhere else.
     *
     * @return the count.
     */
    public long warmupSentCount()
    {
        return warmupSentCount;
    }
}
