package io.anthill.perf.harness;

/**
 * The verdict on one SLA limit.
 *
 * @param limit the limit checked.
 * @param actualInRecordedUnit the measured value: nanoseconds for latency, a fraction for the error rate; NaN when the
 *     subject had nothing to measure.
 * @param passed whether the measured value is within the limit; never true when nothing was measured.
 * @param note why it failed without a value (no such subject, no samples), or {@code ""}.
 */
public record LimitCheck(SlaLimit limit, double actualInRecordedUnit, boolean passed, String note)
{
    /**
     * The measured value in the limit's own unit, for printing beside it.
     *
     * @return the value in {@link SlaLimit#unit()}; NaN when nothing was measured.
     */
    public double actualInLimitUnit()
    {
        return limit.toLimitUnit(actualInRecordedUnit);
    }

    /**
     * The verdict as reports print it.
     *
     * @return {@code PASS} or {@code FAIL}.
     */
    public String verdictName()
    {
        return passed ? "PASS" : "FAIL";
    }
}
