package io.anthill.perf.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * The machine-readable summary, {@code summary.properties}: one {@code key=value} per figure, keys named like SLA
 * keys ({@code write.p99.us}), so CI or a trend chart can read a run without parsing the table.
 */
final class SummaryFile
{
    static final String FILE_NAME = "summary.properties";
    private static final SlaMetric[] WRITTEN_PERCENTILES = {
        SlaMetric.P50, SlaMetric.P90, SlaMetric.P99, SlaMetric.P99_9, SlaMetric.P99_99, SlaMetric.MAX};

    private SummaryFile()
    {
    }

    static void write(
        final Path outDir, final String scenario, final LoadResult result, final SlaLimits limits, final SlaVerdict verdict)
        throws IOException
    {
        Files.writeString(outDir.resolve(FILE_NAME), render(scenario, result, limits, verdict), StandardCharsets.UTF_8);
    }

    static String render(final String scenario, final LoadResult result, final SlaLimits limits, final SlaVerdict verdict)
    {
        final StringBuilder text = new StringBuilder();
        text.append("# Anthill perf summary; latencies in microseconds from intended send time (no coordinated omission)\n");
        put(text, "scenario", scenario);
        put(text, "verdict", verdict.passed() ? "PASS" : "FAIL");
        put(text, "sla.source", limits.source());
        put(text, "measured.duration.s", number(result.measuredDurationNs() / 1e9));
        for (final OperationStats stats : result.allSubjects())
        {
            final String prefix = stats.subject() + ".";
            put(text, prefix + "kind", stats.kind().subjectName());
            put(text, prefix + "offered.perSec", Long.toString(stats.offeredRatePerSec()));
            put(text, prefix + "throughput.perSec", number(result.throughputPerSec(stats)));
            put(text, prefix + "scheduled", Long.toString(stats.scheduledCount()));
            put(text, prefix + "success", Long.toString(stats.successCount()));
            put(text, prefix + "errors", Long.toString(stats.errorCount()));
            put(text, prefix + "errorRate", number(stats.errorRate()));
            for (final Map.Entry<String, Long> error : stats.errorCountsByName().entrySet())
            {
                put(text, prefix + "error." + error.getKey(), Long.toString(error.getValue()));
            }
            if (stats.successCount() > 0)
            {
                for (final SlaMetric metric : WRITTEN_PERCENTILES)
                {
                    put(text, prefix + metric.keyName() + ".us", number(SlaVerdict.latencyNs(stats, metric) / 1e3));
                }
            }
        }
        for (final LimitCheck check : verdict.checks())
        {
            final String prefix = "sla." + check.limit().key() + ".";
            put(text, prefix + "limit", number(check.limit().limit()));
            put(text, prefix + "actual", Double.isNaN(check.actualInRecordedUnit()) ? "" : number(check.actualInLimitUnit()));
            put(text, prefix + "verdict", check.verdictName());
        }
        final Histogram lateness = result.sendLatenessHistogramNs();
        put(text, "generator.sendLateness.p99.us", number(lateness.getValueAtPercentile(99) / 1e3));
        put(text, "generator.sendLateness.max.us", number(lateness.getMaxValue() / 1e3));
        put(text, "generator.warmupRequests", Long.toString(result.warmupSentCount()));
        put(text, "generator.sendRejections", Long.toString(result.sendRejectionCount()));
        put(text, "generator.evicted", Long.toString(result.evictedCount()));
        put(text, "generator.unmatchedResponses", Long.toString(result.unmatchedResponseCount()));
        return text.toString();
    }

    private static void put(final StringBuilder text, final String key, final String value)
    {
        text.append(key).append('=').append(value).append('\n');
    }

    private static String number(final double value)
    {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
