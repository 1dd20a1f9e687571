package io.anthill.perf.harness;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The human-readable table every scenario prints: throughput and percentiles per operation and kind, then each SLA
 * limit with PASS or FAIL, then errors by type and the generator's own health.
 */
final class ConsoleReport
{
    static final SlaMetric[] PRINTED_PERCENTILES = {SlaMetric.P50, SlaMetric.P90, SlaMetric.P99, SlaMetric.P99_9, SlaMetric.MAX};

    private ConsoleReport()
    {
    }

    static void print(final PrintStream out, final String title, final LoadResult result, final SlaVerdict verdict)
    {
        out.println();
        out.println(title);
        printLatencyTable(out, result);
        out.println();
        printLimits(out, verdict);
        out.println();
        printErrors(out, result);
        printGeneratorHealth(out, result);
        out.println(verdictLine(verdict));
    }

    private static void printLatencyTable(final PrintStream out, final LoadResult result)
    {
        out.printf(Locale.ROOT, "%-12s %-5s %10s %11s %10s %10s %8s %9s %9s %9s %9s %10s%n",
            "operation", "kind", "offered/s", "achieved/s", "scheduled", "ok", "errors",
            "p50 us", "p90 us", "p99 us", "p99.9 us", "max us");
        for (final OperationStats stats : result.allSubjects())
        {
            final Histogram histogram = stats.latencyHistogramNs();
            out.printf(Locale.ROOT, "%-12s %-5s %10d %11.1f %10d %10d %8d", stats.subject(), stats.kind().subjectName(),
                stats.offeredRatePerSec(), result.throughputPerSec(stats), stats.scheduledCount(), stats.successCount(),
                stats.errorCount());
            for (final SlaMetric metric : PRINTED_PERCENTILES)
            {
                final String format = metric == SlaMetric.MAX ? " %10s" : " %9s";
                out.printf(Locale.ROOT, format, histogram.getTotalCount() == 0 ? "-" :
                    formatMicros(SlaVerdict.latencyNs(stats, metric)));
            }
            out.println();
        }
    }

    private static void printLimits(final PrintStream out, final SlaVerdict verdict)
    {
        out.printf(Locale.ROOT, "%-28s %12s %12s  %s%n", "SLA limit", "limit", "actual", "verdict");
        for (final LimitCheck check : verdict.checks())
        {
            final SlaLimit limit = check.limit();
            out.printf(Locale.ROOT, "%-28s %12s %12s  %s%s%n", limit.key(), formatValue(limit.limit()),
                Double.isNaN(check.actualInRecordedUnit()) ? "-" : formatValue(check.actualInLimitUnit()),
                check.verdictName(), check.note().isEmpty() ? "" : " (" + check.note() + ")");
        }
    }

    private static void printErrors(final PrintStream out, final LoadResult result)
    {
        final StringBuilder line = new StringBuilder("errors:");
        for (final OperationStats stats : result.operations())
        {
            final Map<String, Long> counts = stats.errorCountsByName();
            if (!counts.isEmpty())
            {
                line.append(' ').append(stats.subject()).append(counts);
            }
        }
        out.println(line.length() == "errors:".length() ? "errors: none" : line.toString());
    }

    private static void printGeneratorHealth(final PrintStream out, final LoadResult result)
    {
        final Histogram lateness = result.sendLatenessHistogramNs();
        out.printf(Locale.ROOT, "generator: send lateness p50 %s us, p99 %s us, max %s us; warm-up requests %d; " +
            "send rejections %d; evicted %d; unmatched responses %d%n",
            formatMicros(lateness.getValueAtPercentile(50)), formatMicros(lateness.getValueAtPercentile(99)),
            formatMicros(lateness.getMaxValue()), result.warmupSentCount(), result.sendRejectionCount(),
            result.evictedCount(), result.unmatchedResponseCount());
    }

    static String verdictLine(final SlaVerdict verdict)
    {
        if (verdict.passed())
        {
            return "verdict: PASS (" + verdict.checks().size() + " limits)";
        }
        final StringBuilder line = new StringBuilder("verdict: FAIL");
        for (final LimitCheck failure : verdict.failures())
        {
            line.append(' ').append(failure.limit().key());
        }
        return line.toString();
    }

    static String formatMicros(final double nanos)
    {
        return formatValue(nanos / 1e3);
    }

    static String formatValue(final double value)
    {
        return value >= 100 || value == Math.rint(value) ?
            String.format(Locale.ROOT, "%.0f", value) :
            String.format(Locale.ROOT, value >= 1 ? "%.1f" : "%.3f", value);
    }
}
