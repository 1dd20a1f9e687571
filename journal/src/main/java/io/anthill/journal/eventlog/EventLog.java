package io.anthill.journal.eventlog;

import java.time.Instant;

/**
 * One line per significant event (role and view changes, snapshots, catch-up, corruption found, overload start and
 * end) in a stable key=value format that an operator can grep and a log shipper can parse:
 * {@code ts=... level=INFO event=NAME key=value ...}; a value holding a space, a quote or an equals sign is written in
 * double quotes with inner quotes escaped. Never called on a per-message path (a condition that recurs per message,
 * like overload, is logged by its {@link EventEpisode}'s start and end from a slow thread). Writes to standard error
 * so that standard output stays for tools' results. The level is set with
 * {@code -Danthill.log.level=INFO|WARN|OFF}. It lives in the lowest module that logs (the journal tool reports
 * corruption) so the engine and replication share one format; docs/operations.md lists every event and its keys.
 */
public final class EventLog
{
    /** Property: the lowest level written. */
    public static final String LEVEL_PROP = "anthill.log.level";
    private static final int LEVEL = level(System.getProperty(LEVEL_PROP, "INFO"));

    private EventLog()
    {
    }

    /**
     * @param event     the event's name, lower case with underscores.
     * @param keyValues alternating keys and values.
     */
    public static void info(final String event, final Object... keyValues)
    {
        write(1, "INFO", event, keyValues);
    }

    /**
     * @param event     the event's name, lower case with underscores.
     * @param keyValues alternating keys and values.
     */
    public static void warn(final String event, final Object... keyValues)
    {
        write(2, "WARN", event, keyValues);
    }

    private static void write(final int level, final String name, final String event, final Object... keyValues)
    {
        if (level < LEVEL)
        {
            return;
        }
        final StringBuilder line = new StringBuilder(128).append("ts=").append(Instant.now())
            .append(" level=").append(name).append(" event=").append(event);
        for (int i = 0; i + 1 < keyValues.length; i += 2)
        {
            line.append(' ').append(keyValues[i]).append('=');
            appendValue(line, String.valueOf(keyValues[i + 1]));
        }
        System.err.println(line);
    }

    private static void appendValue(final StringBuilder line, final String value)
    {
        if (value.indexOf(' ') < 0 && value.indexOf('"') < 0 && value.indexOf('=') < 0 && !value.isEmpty())
        {
            line.append(value);
            return;
        }
        line.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }

    private static int level(final String name)
    {
        return switch (name)
        {
            case "WARN" -> 2;
            case "OFF" -> 3;
            default -> 1;
        };
    }
}
