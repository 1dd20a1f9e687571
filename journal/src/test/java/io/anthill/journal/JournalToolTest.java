package io.anthill.journal;

import static io.anthill.journal.JournalFixtures.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.anthill.codecs.journal.MessageHeaderEncoder;
import io.anthill.codecs.journal.TimerFiredEncoder;
import io.anthill.journal.tool.JournalTool;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal tool's logic through its entry point: exit statuses and what it prints on healthy and corrupt journals.
 */
class JournalToolTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        outBytes.reset();
        errBytes.reset();
        try (PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8))
        {
            return JournalTool.run(args, out, err);
        }
    }

    private String out()
    {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private void writeJournalWithReplacement()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 10);
            journal.truncateAfter(8);
            append(journal, 2, 9, 11);
            final ExpandableArrayBuffer body = new ExpandableArrayBuffer(64);
            final TimerFiredEncoder timer = new TimerFiredEncoder().wrapAndApplyHeader(body, 0, new MessageHeaderEncoder())
                .alarmId(5).deadlineNs(6);
            journal.append(2, 12, 12_000_002L, body, 0, MessageHeaderEncoder.ENCODED_LENGTH + timer.encodedLength());
        }
    }

    @Test
    void verifyShouldPassAHealthyJournalWithASuffixReplacement()
    {
        writeJournalWithReplacement();

        assertEquals(JournalTool.EXIT_OK, run("verify", dir.toString()));
        assertTrue(out().startsWith("OK partition 3: 12 entries, ops 1..12, last view 2"), out());
        assertTrue(out().contains("2 superseded, 1 truncation markers"), out());
    }

    @Test
    void dumpShouldPrintTheSurvivingEntriesOnePerLineWithinTheRange()
    {
        writeJournalWithReplacement();

        assertEquals(JournalTool.EXIT_OK, run("dump", dir.toString(), "--from", "8", "--to", "12"));
        final String[] lines = out().split("\n");
        assertEquals(5, lines.length, out());
        assertTrue(lines[0].matches("op=8 view=1 timestampNs=8000001 type=\\S+ size=24 crc=0x[0-9a-f]{1,8}"), lines[0]);
        assertTrue(lines[1].startsWith("op=9 view=2 timestampNs=9000002 "), lines[1]);
        assertTrue(lines[4].startsWith("op=12 view=2 timestampNs=12000002 type=TimerFired size=24 crc=0x"), lines[4]);

        assertEquals(JournalTool.EXIT_OK, run("dump", dir.toString()));
        assertEquals(12, out().split("\n").length);
        assertEquals(JournalTool.EXIT_OK, run("dump", dir.toString(), "--from", "13"));
        assertEquals("", out());
    }

    @Test
    void verifyShouldNameTheFileAndOpOfABitFlipAndExitCorrupt() throws IOException
    {
        writeJournalWithReplacement();
        final JournalFixtures.Location bad = JournalFixtures.locate(dir, 4);
        JournalFixtures.flipBit(bad.file(), bad.position() + bad.length() - 2);

        final ByteArrayOutputStream events = new ByteArrayOutputStream();
        final PrintStream originalErr = System.err;
        System.setErr(new PrintStream(events, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(JournalTool.EXIT_CORRUPT, run("verify", dir.toString()));
        }
        finally
        {
            System.setErr(originalErr);
        }
        assertTrue(out().startsWith("CORRUPT " + bad.file() + " op 4: checksum mismatch"), out());
        final String event = events.toString(StandardCharsets.UTF_8);
        assertTrue(event.matches("ts=\\S+ level=WARN event=corruption_found tool=journal file=" +
            Pattern.quote(bad.file().toString()) + " op=4 reason=\"checksum mismatch[^\n]*\"\\R"), event);
        assertEquals(JournalTool.EXIT_CORRUPT, run("dump", dir.toString()));
    }

    @Test
    void verifyShouldReportATornTailWithoutSealingIt() throws IOException
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 6);
        }
        final JournalFixtures.Location last = JournalFixtures.locate(dir, 6);
        JournalFixtures.cut(last.file(), last.position() + 20);

        assertEquals(JournalTool.EXIT_TORN_TAIL, run("verify", dir.toString()));
        assertTrue(out().startsWith("TORN TAIL "), out());
        assertTrue(out().contains(last.file().toString()) && out().contains("expected op 6"), out());
        assertTrue(out().contains("5 entries before it verified"), out());
        assertEquals(JournalTool.EXIT_TORN_TAIL, run("verify", dir.toString()), "read-only: still torn, not sealed");
    }

    @Test
    void shouldRejectBadCommandLines() throws IOException
    {
        assertEquals(JournalTool.EXIT_USAGE, run());
        assertEquals(JournalTool.EXIT_USAGE, run("verify"));
        assertEquals(JournalTool.EXIT_USAGE, run("verify", dir.resolve("absent").toString()));
        assertEquals(JournalTool.EXIT_USAGE, run("frobnicate", dir.toString()));
        assertEquals(JournalTool.EXIT_USAGE, run("dump", dir.toString(), "--from"));
        assertEquals(JournalTool.EXIT_USAGE, run("dump", dir.toString(), "--from", "x"));
        assertTrue(errBytes.toString(StandardCharsets.UTF_8).contains("not an op number"));
        Files.createDirectories(dir.resolve("empty"));
        assertEquals(JournalTool.EXIT_OK, run("verify", dir.resolve("empty").toString()));
        assertTrue(out().startsWith("EMPTY"), out());
    }
}
