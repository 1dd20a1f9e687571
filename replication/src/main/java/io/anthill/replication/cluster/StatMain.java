package io.anthill.replication.cluster;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


import org.agrona.concurrent.status.CountersReader;

/**
 * {@code scripts/stat --data DIR [--once]}: the live counters of a running node, read from its memory-mapped counters
 * file without touching the process (as Aeron's AeronStat reads a driver): every counter's label and value, with a
 * rate per second for counters that moved since the last refresh. Refreshes every second until interrupted;
 * {@code --once} prints one table for scripts.
 */
public final class StatMain
{
    private static final long REFRESH_MS = 1_000;

    private StatMain()
    {
    }

    /**
     * @param args the command line.
     * @throws InterruptedException when interrupted between refreshes.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        System.exit(run(args, System.out, System.err));
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err) throws InterruptedException
    {
        Path dataDirectory = null;
        boolean once = false;
        for (int i = 0; i < args.length; i++)
        {
            if ("--once".equals(args[i]))
            {
                once = true;
            }
            else if (("--data".equals(args[i]) || "--node".equals(args[i])) && i + 1 < args.length)
            {
                dataDirectory = Path.of(args[++i]);
            }
            else
            {
                err.println("stat: unknown argument " + args[i]);
                dataDirectory = null;
                break;
            }
        }
        if (null == dataDirectory)
        {
            err.println("usage: scripts/stat --data DIR [--once]   (DIR: a host's data directory, host-N.data in the " +
                "cluster file)");
            return 2;
        }
        try (CountersFile file = CountersFile.open(dataDirectory))
        {
            final CountersReader reader = file.reader();
            long[] previous = snapshot(reader);
            print(out, reader, previous, null, 0);
            while (!once)
            {
                Thread.sleep(REFRESH_MS);
                final long[] current = snapshot(reader);
                print(out, reader, current, previous, REFRESH_MS);
                previous = current;
            }
            return 0;
        }
        catch (final IllegalStateException ex)
        {
            err.println("stat: " + ex.getMessage());
            return 1;
        }
    }

    private static long[] snapshot(final CountersReader reader)
    {
        final long[] values = new long[CountersFile.COUNTERS_MAX];
        reader.forEach((counterId, typeId, keyBuffer, label) -> values[counterId] = reader.getCounterValue(counterId));
        return values;
    }

    private static void print(
        final PrintStream out, final CountersReader reader, final long[] values, final long[] previous,
        final long intervalMs)
    {
        final List<String> lines = new ArrayList<>();
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final long value = values[counterId];
            final String rate = null == previous ? "" : String.format(Locale.ROOT, "%,14.0f/s",
                (value - previous[counterId]) * 1_000.0 / intervalMs);
            lines.add(String.format(Locale.ROOT, "%4d %-72s %,18d %s", counterId, label, value, rate));
        });
        out.printf(Locale.ROOT, "%n%s  %d counters%n", java.time.Instant.now(), lines.size());
        lines.forEach(out::println);
        out.flush();
    }

}
