package io.anthill.journal.eventlog;

/**
 * Turns a condition that recurs per message (a refused request, say) into two log lines, so nothing is logged on the
 * hot path: the hot path only increments a counter, and a slow thread hands the counter's value to {@link #update}
 * now and then. The first growth logs {@code NAME_start} (WARN), and once the count has not grown for the quiet
 * period, {@code NAME_end} (INFO) with how many it counted and for how long. Owned by the one thread that updates it.
 */
public final class EventEpisode
{
    private final String name;
    private final Object[] keyValues;
    private final long quietNs;
    private long lastCount;
    private long startCount;
    private long startNs;
    private long lastGrowthNs;
    private boolean active;

    /**
     * @param name         the episode's name; the events are {@code NAME_start} and {@code NAME_end}.
     * @param quietNs      how long the count must stay still for the episode to end.
     * @param initialCount the counter's value now, so what happened before is not an episode.
     * @param keyValues    keys and values written on both lines (e.g. {@code "partition", 3}).
     */
    public EventEpisode(final String name, final long quietNs, final long initialCount, final Object... keyValues)
    {
        this.name = name;
        this.quietNs = quietNs;
        this.lastCount = initialCount;
        this.keyValues = keyValues.clone();
    }

    /**
     * @param count the counter's value now; it only grows.
     * @param nowNs the time now.
     * @return 1 if an event was logged, else 0 (a duty cycle's work count).
     */
    public int update(final long count, final long nowNs)
    {
        if (count != lastCount)
        {
            final long before = lastCount;
            lastCount = count;
            lastGrowthNs = nowNs;
            if (!active)
            {
                active = true;
                startNs = nowNs;
                startCount = before;
                EventLog.warn(name + "_start", with("count", count - before));
                return 1;
            }
            return 0;
        }
        if (active && nowNs - lastGrowthNs >= quietNs)
        {
            active = false;
            EventLog.info(name + "_end", with("count", count - startCount, "duration_ms", (lastGrowthNs - startNs) / 1_000_000));
            return 1;
        }
        return 0;
    }

    /**
     * @return true between a start and its end.
     */
    public boolean active()
    {
        return active;
    }

    private Object[] with(final Object... more)
    {
        final Object[] all = new Object[keyValues.length + more.length];
        System.arraycopy(keyValues, 0, all, 0, keyValues.length);
        System.arraycopy(more, 0, all, keyValues.length, more.length);
        return all;
    }
}
