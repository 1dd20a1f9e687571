package io.anthill.perf.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * PASS or FAIL for every limit of an SLA against one run, and overall.
 *
 * <p>A limit on a subject the run did not measure fails rather than being skipped: an SLA that names an operation
 * the scenario never sent is a mistake to fix, not a pass.
 */
public final class SlaVerdict
{
    private final List<LimitCheck> checks;

    private SlaVerdict(final List<LimitCheck> checks)
    {
        this.checks = Collections.unmodifiableList(checks);
    }

    /**
     * Checks every limit against a run's results.
     *
     * @param limits the SLA.
     * @param result the run.
     * @return one check per limit, in SLA order.
     */
    public static SlaVerdict evaluate(final SlaLimits limits, final LoadResult result)
    {
        final List<LimitCheck> checks = new ArrayList<>();
        for (final SlaLimit limit : limits.limits())
        {
            checks.add(check(limit, result.subject(limit.subject())));
        }
        return new SlaVerdict(checks);
    }

    private static LimitCheck check(final SlaLimit limit, final Optional<OperationStats> maybeStats)
    {
        if (maybeStats.isEmpty())
        {
            return new LimitCheck(limit, Double.NaN, false, "this run has no operation or kind '" + limit.subject() + "'");
        }
        final OperationStats stats = maybeStats.get();
        if (limit.metric() == SlaMetric.ERROR_RATE)
        {
            if (stats.scheduledCount() == 0)
            {
                return new LimitCheck(limit, Double.NaN, false, "no requests were scheduled");
            }
            final double errorRate = stats.errorRate();
            return new LimitCheck(limit, errorRate, errorRate <= limit.limitInRecordedUnit(), "");
        }
        if (stats.successCount() == 0)
        {
            return new LimitCheck(limit, Double.NaN, false, "no successful requests to measure");
        }
        final double actualNs = latencyNs(stats, limit.metric());
        return new LimitCheck(limit, actualNs, actualNs <= limit.limitInRecordedUnit(), "");
    }

    static double latencyNs(final OperationStats stats, final SlaMetric metric)
    {
        return metric == SlaMetric.MAX ?
            stats.latencyHistogramNs().getMaxValue() :
            stats.latencyHistogramNs().getValueAtPercentile(metric.percentile());
    }

    /**
     * The checks, one per limit.
     *
     * @return an unmodifiable list in SLA order.
     */
    public List<LimitCheck> checks()
    {
        return checks;
    }

    /**
     * Whether every limit held.
     *
     * @return true only if no check failed.
     */
    public boolean passed()
    {
        for (final LimitCheck check : checks)
        {
            if (!check.passed())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The checks that failed, for a short summary.
     *
     * @return a new list.
     */
    public List<LimitCheck> failures()
    {
        final List<LimitCheck> failures = new ArrayList<>();
        for (final LimitCheck check : checks)
        {
            if (!check.passed())
            {
                failures.add(check);
            }
        }
        return failures;
    }
}
