package io.anthill.perf.replay;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The progress of a replay for a person watching: on a terminal one line redrawn in place with {@code \r} (a bar,
 * commands/s and an ETA); otherwise, for logs and pipes, a plain line every {@link #LOG_INTERVAL_NS}.
 */
final class ReplayProgress
{
    /** Redraw period on a terminal. */
    static final long TERMINAL_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Period of progress lines when stdout is not a terminal. */
    static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int BAR_WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final List<PartitionReplay> replays;
    private final long startNs;
    private long lastPrintNs;
    private boolean drawn;

    ReplayProgress(final PrintStream out, final boolean terminal, final List<PartitionReplay> replays, final long startNs)
    {
        this.out = out;
        this.terminal = terminal;
        this.replays = replays;
        this.startNs = startNs;
        this.lastPrintNs = startNs;
    }

    /**
     * @return how long the caller may wait before calling {@link #update(long)} again.
     */
    long intervalNs()
    {
        return terminal ? TERMINAL_INTERVAL_NS : LOG_INTERVAL_NS;
    }

    /**
     * Prints the progress if its interval has passed.
     *
     * @param nowNs the current {@link System#nanoTime()}.
     */
    void update(final long nowNs)
    {
        if (nowNs - lastPrintNs < intervalNs())
        {
            return;
        }
        lastPrintNs = nowNs;
        long done = 0;
        long total = 0;
        for (final PartitionReplay replay : replays)
        {
            done += replay.doneOps();
            total += replay.totalOps();
        }
        final String line = line(done, total, nowNs - startNs);
        if (terminal)
        {
            out.print('\r' + line);
            drawn = true;
        }
        else
        {
            out.println(line);
        }
        out.flush();
    }

    /**
     * Ends the redrawn line so that the summary starts on its own.
     */
    void finish()
    {
        if (drawn)
        {
            out.println();
        }
    }

    /**
     * @param done      commands applied.
     * @param total     commands to apply (0 while journals are still opening).
     * @param elapsedNs time since the start.
     * @return e.g. {@code [#######.......]  45.0%  4,500,000/10,000,000 commands  2.31 M commands/s  ETA 0:02}.
     */
    static String line(final long done, final long total, final long elapsedNs)
    {
        final double fraction = total == 0 ? 0 : Math.min(1.0, (double)done / total);
        final int filled = (int)(fraction * BAR_WIDTH);
        final double rate = elapsedNs <= 0 ? 0 : done * 1e9 / elapsedNs;
        final String eta = rate <= 0 || total == 0 ? "--:--" : duration((long)((total - done) / rate));
        return String.format("[%s%s] %5.1f%%  %,d/%,d commands  %.2f M commands/s  ETA %s",
            "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), fraction * 100, done, total, rate / 1e6, eta);
    }

    private static String duration(final long seconds)
    {
        return seconds >= 3600 ? String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60) :
            String.format("%d:%02d", seconds / 60, seconds % 60);
    }
}
