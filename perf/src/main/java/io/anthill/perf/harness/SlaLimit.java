package io.anthill.perf.harness;

/**
 * One line of an SLA file: a bound on one metric of one subject.
 *
 * @param key the key as written, e.g. {@code write.p99.us}, so a verdict names exactly the line it checked.
 * @param subject an operation's name or a kind's ({@code write}, {@code read}).
 * @param metric what is bounded.
 * @param unit the time unit of a latency limit as written ({@code us} or {@code ms}), or {@code ""} for the error rate.
 * @param limit the bound as written, in {@code unit} (a fraction 0 to 1 for the error rate).
 */
public record SlaLimit(String key, String subject, SlaMetric metric, String unit, double limit)
{
    /** Unit suffix of limits in microseconds. */
    public static final String MICROSECONDS = "us";
    /** Unit suffix of limits in milliseconds. */
    public static final String MILLISECONDS = "ms";

    /**
     * The bound in the unit histograms record.
     *
     * @return nanoseconds for a latency limit; the fraction itself for the error rate.
     */
    public double limitInRecordedUnit()
    {
        return metric.isLatency() ? limit * nanosPerUnit(unit) : limit;
    }

    /**
     * Converts a recorded value into this limit's unit, for printing actual values beside the limit.
     *
     * @param recordedValue nanoseconds for latency, a fraction for the error rate.
     * @return the value in {@link #unit()}.
     */
    public double toLimitUnit(final double recordedValue)
    {
        return metric.isLatency() ? recordedValue / nanosPerUnit(unit) : recordedValue;
    }

    static double nanosPerUnit(final String unit)
    {
        return MILLISECONDS.equals(unit) ? 1e6 : 1e3;
    }
}
