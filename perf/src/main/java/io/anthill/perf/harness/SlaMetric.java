package io.anthill.perf.harness;

/**
 * What an SLA limit bounds: a latency percentile, the maximum latency, or the error rate.
 */
public enum SlaMetric
{
    /** Median latency. */
    P50("p50", 50.0),
    /** 90th percentile latency. */
    P90("p90", 90.0),
    /** 99th percentile latency. */
    P99("p99", 99.0),
    /** 99.9th percentile latency. */
    P99_9("p99.9", 99.9),
    /** 99.99th percentile latency. */
    P99_99("p99.99", 99.99),
    /** Highest latency recorded. */
    MAX("max", 100.0),
    /** Share of scheduled requests that did not succeed, 0 to 1. */
    ERROR_RATE("errorRate", Double.NaN);

    private final String keyName;
    private final double percentile;

    SlaMetric(final String keyName, final double percentile)
    {
        this.keyName = keyName;
        this.percentile = percentile;
    }

    /**
     * The metric's name in SLA keys and reports.
     *
     * @return e.g. {@code p99.9}.
     */
    public String keyName()
    {
        return keyName;
    }

    /**
     * Whether this metric is a latency (limited in a time unit) rather than the error rate.
     *
     * @return true for percentiles and max.
     */
    public boolean isLatency()
    {
        return this != ERROR_RATE;
    }

    /**
     * The percentile a latency metric reads from the histogram.
     *
     * @return 0 to 100; NaN for the error rate.
     */
    public double percentile()
    {
        return percentile;
    }

    /**
     * Finds a latency metric by its key name.
     *
     * @param keyName e.g. {@code p99}.
     * @return the metric, or {@code null} when none has that name.
     */
    public static SlaMetric fromKeyName(final String keyName)
    {
        for (final SlaMetric metric : values())
        {
            if (metric.keyName.equals(keyName))
            {
                return metric;
            }
        }
        return null;
    }
}
