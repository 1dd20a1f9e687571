package io.anthill.perf.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Latency by percentile as a PNG, drawn the way HdrHistogram's plotter draws it: the x axis is {@code 1 / (1 - p)} on
 * a log scale, labelled 0%, 90%, 99%, 99.9%..., so the tail gets as much room as the body; the SLA of each kind is
 * drawn as a step line, so a curve crossing its step is a failed limit.
 */
final class PercentilePlot
{
    static final String FILE_NAME = "latency-by-percentile.png";
    static final int WIDTH_PX = 1200;
    static final int HEIGHT_PX = 700;
    /** The plot stops at 99.9999%: beyond it a run of minutes has no samples. */
    static final double X_MAX = 1e6;
    private static final double MICROS_PER_MILLI = 1e3;
    private static final double SWITCH_TO_MILLIS_AT_MICROS = 10_000;

    private PercentilePlot()
    {
    }

    static void write(final Path outDir, final String title, final LoadResult result, final SlaLimits limits) throws IOException
    {
        final double unitDivisor = maxMicros(result) >= SWITCH_TO_MILLIS_AT_MICROS ? MICROS_PER_MILLI : 1.0;
        final XYChart chart = new XYChartBuilder().width(WIDTH_PX).height(HEIGHT_PX).title(title)
            .xAxisTitle("Percentile").yAxisTitle(unitDivisor == 1.0 ? "Latency (us)" : "Latency (ms)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setXAxisMin(1.0);
        chart.getStyler().setXAxisMax(X_MAX);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(PercentilePlot::percentileLabel);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        for (final OperationStats stats : result.allSubjects())
        {
            if (stats.latencyHistogramNs().getTotalCount() > 0)
            {
                addSeries(chart, stats.subject(), percentileCurve(stats.latencyHistogramNs(), unitDivisor));
            }
        }
        for (final OperationStats stats : result.kindTotals())
        {
            final double[][] step = slaStep(limits, stats.subject(), unitDivisor);
            if (step[0].length > 0)
            {
                addSeries(chart, stats.subject() + " SLA", step);
            }
        }
        if (chart.getSeriesMap().isEmpty())
        {
            addSeries(chart, "no samples", new double[][] {{1.0, X_MAX}, {0.0, 0.0}});
        }
        try (OutputStream stream = Files.newOutputStream(outDir.resolve(FILE_NAME)))
        {
            BitmapEncoder.saveBitmap(chart, stream, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static void addSeries(final XYChart chart, final String name, final double[][] xy)
    {
        final XYSeries series = chart.addSeries(name, xy[0], xy[1]);
        series.setMarker(SeriesMarkers.NONE);
    }

    private static double maxMicros(final LoadResult result)
    {
        long maxNs = 0;
        for (final OperationStats stats : result.allSubjects())
        {
            maxNs = Math.max(maxNs, stats.latencyHistogramNs().getMaxValue());
        }
        return maxNs / 1e3;
    }

    /**
     * The same points a {@code .hgrm} file lists, as (1 / (1 - p), latency) pairs.
     */
    static double[][] percentileCurve(final Histogram histogramNs, final double unitDivisor)
    {
        final List<double[]> points = new ArrayList<>();
        for (final HistogramIterationValue value : histogramNs.percentiles(HistogramFiles.PERCENTILE_TICKS_PER_HALF_DISTANCE))
        {
            final double x = xOfPercentile(value.getPercentileLevelIteratedTo());
            if (x > X_MAX)
            {
                break;
            }
            points.add(new double[] {x, value.getValueIteratedTo() / 1e3 / unitDivisor});
        }
        return toColumns(points);
    }

    /**
     * The SLA of one subject as a step: each percentile limit holds up to its percentile, max holds to the end.
     */
    static double[][] slaStep(final SlaLimits limits, final String subject, final double unitDivisor)
    {
        final List<SlaLimit> latencyLimits = new ArrayList<>();
        for (final SlaLimit limit : limits.limits())
        {
            if (limit.subject().equals(subject) && limit.metric().isLatency())
            {
                latencyLimits.add(limit);
            }
        }
        latencyLimits.sort((a, b) -> Double.compare(a.metric().percentile(), b.metric().percentile()));
        final List<double[]> points = new ArrayList<>();
        double fromX = 1.0;
        for (final SlaLimit limit : latencyLimits)
        {
            final double toX = limit.metric() == SlaMetric.MAX ? X_MAX : xOfPercentile(limit.metric().percentile());
            final double y = limit.limitInRecordedUnit() / 1e3 / unitDivisor;
            points.add(new double[] {fromX, y});
            points.add(new double[] {toX, y});
            fromX = toX;
        }
        return toColumns(points);
    }

    static double xOfPercentile(final double percentile)
    {
        return percentile >= 100.0 ? Double.POSITIVE_INFINITY : 1.0 / (1.0 - percentile / 100.0);
    }

    static String percentileLabel(final Double x)
    {
        final double percentile = 100.0 * (1.0 - 1.0 / x);
        if (!Double.isFinite(percentile) || percentile < 0)
        {
            return x != null && Double.isInfinite(x) ? "100%" : "0%";
        }
        return new BigDecimal(percentile).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "%";
    }

    private static double[][] toColumns(final List<double[]> points)
    {
        final double[][] columns = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++)
        {
            columns[0][i] = points.get(i)[0];
            columns[1][i] = points.get(i)[1];
        }
        return columns;
    }
}
