package io.anthill.perf.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.HdrHistogram.Histogram;

/**
 * Writes one {@code .hgrm} file per operation and kind (HdrHistogram's percentile distribution, in microseconds), the
 * format HdrHistogram's own plotter and most latency tooling read.
 */
final class HistogramFiles
{
    static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;
    static final double NANOS_PER_MICROSECOND = 1e3;
    static final String EXTENSION = ".hgrm";
    static final String SEND_LATENESS_FILE = "generator.send-lateness" + EXTENSION;

    private HistogramFiles()
    {
    }

    static void write(final Path outDir, final LoadResult result) throws IOException
    {
        for (final OperationStats stats : result.allSubjects())
        {
            write(outDir.resolve(stats.subject() + EXTENSION), stats.latencyHistogramNs());
        }
        write(outDir.resolve(SEND_LATENESS_FILE), result.sendLatenessHistogramNs());
    }

    private static void write(final Path file, final Histogram histogramNs) throws IOException
    {
        try (OutputStream stream = Files.newOutputStream(file);
            PrintStream out = new PrintStream(stream, false, StandardCharsets.UTF_8))
        {
            if (histogramNs.getTotalCount() == 0)
            {
                out.println("# no samples");
            }
            else
            {
                histogramNs.outputPercentileDistribution(out, PERCENTILE_TICKS_PER_HALF_DISTANCE, NANOS_PER_MICROSECOND);
            }
        }
    }
}
