package io.anthill.perf.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Everything a scenario reports about one run, in one call: the table on the console and, in the output directory,
 * one {@code .hgrm} per operation and kind, {@value PercentilePlot#FILE_NAME} and {@value SummaryFile#FILE_NAME}.
 */
public final class RunReport
{
    private RunReport()
    {
    }

    /**
     * Judges a run against an SLA, prints the table and writes the files.
     *
     * @param scenario the scenario's name, for titles and the summary.
     * @param result the run.
     * @param limits the SLA.
     * @param outDir where to write; created if missing.
     * @param out where to print the table.
     * @return the verdict, so the caller can set the exit status.
     * @throws IOException if a file cannot be written.
     */
    public static SlaVerdict write(
        final String scenario, final LoadResult result, final SlaLimits limits, final Path outDir, final PrintStream out)
        throws IOException
    {
        final SlaVerdict verdict = SlaVerdict.evaluate(limits, result);
        final String title = String.format(Locale.ROOT, "%s: %.1f s measured; SLA %s", scenario,
            result.measuredDurationNs() / 1e9, limits.source());
        ConsoleReport.print(out, title, result, verdict);
        Files.createDirectories(outDir);
        HistogramFiles.write(outDir, result);
        PercentilePlot.write(outDir, title, result, limits);
        SummaryFile.write(outDir, scenario, result, limits, verdict);
        out.println("written to " + outDir.toAbsolutePath().normalize() + ": *.hgrm, " + PercentilePlot.FILE_NAME + ", " +
            SummaryFile.FILE_NAME);
        return verdict;
    }
}
