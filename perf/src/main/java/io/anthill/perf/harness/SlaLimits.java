package io.anthill.perf.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The limits of an SLA file ({@code perf/sla/*.properties}), validated as a whole when read.
 *
 * <p>Format, one limit per line ({@code #} starts a comment):
 * <pre>
 * SUBJECT.METRIC.UNIT=LIMIT      latency: METRIC is p50, p90, p99, p99.9, p99.99 or max; UNIT is us or ms; LIMIT &gt; 0
 * SUBJECT.errorRate.max=LIMIT    share of scheduled requests that did not succeed, 0 to 1
 * </pre>
 * SUBJECT is an operation's name ({@code order}) or a kind ({@code write}, {@code read}: all its operations measured
 * together). The parser is strict, unlike {@link java.util.Properties}: an unknown metric or unit, a bad number or a
 * duplicate key is an error naming the line, the key and the reason, because a typo that silently drops a limit
 * would let a regression pass.
 */
public final class SlaLimits
{
    private static final Pattern SUBJECT_PATTERN = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    private static final String ERROR_RATE_SUFFIX = "errorRate.max";

    private final String source;
    private final List<SlaLimit> limits;

    private SlaLimits(final String source, final List<SlaLimit> limits)
    {
        this.source = source;
        this.limits = Collections.unmodifiableList(limits);
    }

    /**
     * Reads and validates an SLA file.
     *
     * @param file the file.
     * @return its limits.
     * @throws IOException if it cannot be read.
     * @throws SlaFormatException naming the first bad line.
     */
    public static SlaLimits load(final Path file) throws IOException
    {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Validates SLA text.
     *
     * @param text the file's content.
     * @param source a name for messages, usually the file's path.
     * @return its limits.
     * @throws SlaFormatException naming the first bad line.
     */
    public static SlaLimits parse(final String text, final String source)
    {
        final List<SlaLimit> limits = new ArrayList<>();
        final Map<String, Integer> lineByKey = new HashMap<>();
        final String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!"))
            {
                continue;
            }
            final int lineNumber = i + 1;
            final int equals = line.indexOf('=');
            if (equals <= 0)
            {
                throw new SlaFormatException(source + ":" + lineNumber + ": expected KEY=LIMIT, got '" + line + "'");
            }
            final String key = line.substring(0, equals).trim();
            final Integer firstLine = lineByKey.putIfAbsent(key, lineNumber);
            if (firstLine != null)
            {
                throw fail(source, lineNumber, key, "duplicate key (first on line " + firstLine + ")");
            }
            limits.add(parseLimit(source, lineNumber, key, line.substring(equals + 1).trim()));
        }
        if (limits.isEmpty())
        {
            throw new SlaFormatException(source + ": no limits; an empty SLA would pass anything");
        }
        return new SlaLimits(source, limits);
    }

    private static SlaLimit parseLimit(final String source, final int lineNumber, final String key, final String valueText)
    {
        final int firstDot = key.indexOf('.');
        final String subject = firstDot < 0 ? key : key.substring(0, firstDot);
        if (firstDot < 0 || !SUBJECT_PATTERN.matcher(subject).matches())
        {
            throw fail(source, lineNumber, key, "must start with an operation or kind name (write, read) and a '.'");
        }
        final String rest = key.substring(firstDot + 1);
        final double value = parseValue(source, lineNumber, key, valueText);
        if (rest.startsWith("errorRate"))
        {
            if (!rest.equals(ERROR_RATE_SUFFIX))
            {
                throw fail(source, lineNumber, key, "an error rate key ends in ." + ERROR_RATE_SUFFIX);
            }
            if (value < 0 || value > 1)
            {
                throw fail(source, lineNumber, key, "error rate " + valueText + " must be a fraction from 0 to 1");
            }
            return new SlaLimit(key, subject, SlaMetric.ERROR_RATE, "", value);
        }
        final int lastDot = rest.lastIndexOf('.');
        final String unit = lastDot < 0 ? "" : rest.substring(lastDot + 1);
        if (!SlaLimit.MICROSECONDS.equals(unit) && !SlaLimit.MILLISECONDS.equals(unit))
        {
            throw fail(source, lineNumber, key, "a latency key ends in its unit, .us or .ms (got '" + unit + "')");
        }
        final String metricName = rest.substring(0, lastDot);
        final SlaMetric metric = SlaMetric.fromKeyName(metricName);
        if (metric == null || !metric.isLatency())
        {
            throw fail(source, lineNumber, key, "unknown metric '" + metricName + "' (expected p50, p90, p99, p99.9, p99.99, " +
                "max or errorRate)");
        }
        if (value <= 0)
        {
            throw fail(source, lineNumber, key, "a latency limit must be > 0, got " + valueText);
        }
        return new SlaLimit(key, subject, metric, unit, value);
    }

    private static double parseValue(final String source, final int lineNumber, final String key, final String valueText)
    {
        try
        {
            final double value = Double.parseDouble(valueText);
            if (Double.isFinite(value))
            {
                return value;
            }
        }
        catch (final NumberFormatException ignored)
        {
            // reported below with the key, which the JDK's message would not name
        }
        throw fail(source, lineNumber, key, "limit '" + valueText + "' is not a finite number");
    }

    private static SlaFormatException fail(final String source, final int lineNumber, final String key, final String reason)
    {
        return new SlaFormatException(source + ":" + lineNumber + ": key '" + key + "': " + reason);
    }

    /**
     * Where the limits came from, for reports.
     *
     * @return the file's path or the source name given to {@link #parse}.
     */
    public String source()
    {
        return source;
    }

    /**
     * The limits in file order.
     *
     * @return an unmodifiable list, never empty.
     */
    public List<SlaLimit> limits()
    {
        return limits;
    }

    /**
     * The subjects the limits name, so a scenario can check before running that it measures them all.
     *
     * @return subjects in file order.
     */
    public Set<String> subjects()
    {
        final Set<String> subjects = new LinkedHashSet<>();
        for (final SlaLimit limit : limits)
        {
            subjects.add(limit.subject());
        }
        return subjects;
    }
}
