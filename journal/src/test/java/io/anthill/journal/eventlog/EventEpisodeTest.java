package io.anthill.journal.eventlog;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventEpisodeTest
{
    private static final long QUIET_NS = 1_000;

    private final ByteArrayOutputStream events = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureEvents()
    {
        originalErr = System.err;
        System.setErr(new PrintStream(events, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore()
    {
        System.setErr(originalErr);
    }

    @Test
    void shouldLogOneStartAndOneEndPerEpisodeWithItsCountAndDuration()
    {
        final EventEpisode overload = new EventEpisode("overload", QUIET_NS, 5, "partition", 3);

        assertEquals(0, overload.update(5, 100), "what was counted before is no episode");
        assertEquals(1, overload.update(8, 200));
        assertTrue(overload.active());
        assertEquals(0, overload.update(20, 700));
        assertEquals(0, overload.update(20, 1_699), "still within the quiet period after the last growth");
        assertEquals(1, overload.update(20, 1_700));
        assertFalse(overload.active());
        assertEquals(0, overload.update(20, 50_000));
        assertEquals(1, overload.update(21, 60_000), "a new episode");

        final List<String> lines = events.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines::toString);
        assertTrue(lines.get(0).matches("ts=\\S+ level=WARN event=overload_start partition=3 count=3"), lines.get(0));
        assertTrue(lines.get(1).matches("ts=\\S+ level=INFO event=overload_end partition=3 count=15 duration_ms=0"),
            lines.get(1));
        assertTrue(lines.get(2).endsWith("event=overload_start partition=3 count=1"), lines.get(2));
    }

    @Test
    void shouldQuoteValuesWithSpacesSoLinesStayParseable()
    {
        EventLog.warn("corruption_found", "op", 4, "reason", "checksum \"bad\" mismatch", "empty", "");

        final String line = events.toString(StandardCharsets.UTF_8).strip();
        assertTrue(line.endsWith(" event=corruption_found op=4 reason=\"checksum \\\"bad\\\" mismatch\" empty=\"\""), line);
    }
}
