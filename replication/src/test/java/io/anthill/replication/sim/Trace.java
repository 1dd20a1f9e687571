package io.anthill.replication.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The run's trace: a running 64-bit hash of every event (two runs of a seed must give the same hash) and a ring of
 * the last events, formatted only when a run fails.
 */
final class Trace
{
    private static final int RING_SIZE = 64;
    private final String[] ring = new String[RING_SIZE];
    private final long[] ringTimes = new long[RING_SIZE];
    private final List<String> faults = new ArrayList<>();
    private long hash = 0x9E3779B97F4A7C15L;
    private long events;
    private boolean keepText = true;

    void keepText(final boolean keepText)
    {
        this.keepText = keepText;
    }

    void mix(final long value)
    {
        long h = hash ^ value;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        hash = h ^ (h >>> 29);
    }

    void event(final long timeNs, final String what, final long a, final long b, final long c)
    {
        events++;
        mix(timeNs);
        mix(what.hashCode());
        mix(a);
        mix(b);
        mix(c);
        if (keepText)
        {
            final int slot = (int)(events % RING_SIZE);
            ring[slot] = what + " " + a + " " + b + " " + c;
            ringTimes[slot] = timeNs;
        }
    }

    void fault(final long timeNs, final String description)
    {
        faults.add(String.format("%10.3f ms %s", timeNs / 1e6, description));
        event(timeNs, "fault:" + description, 0, 0, 0);
    }

    long hash()
    {
        return hash;
    }

    long events()
    {
        return events;
    }

    List<String> faults()
    {
        return faults;
    }

    List<String> lastEvents()
    {
        final List<String> out = new ArrayList<>();
        for (long i = Math.max(1, events - RING_SIZE + 1); i <= events; i++)
        {
            final int slot = (int)(i % RING_SIZE);
            if (ring[slot] != null)
            {
                out.add(String.format("%10.3f ms %s", ringTimes[slot] / 1e6, ring[slot]));
            }
        }
        return out;
    }
}
