package io.anthill.journal;

import static io.anthill.journal.JournalFixtures.MAX_BODY;
import static io.anthill.journal.JournalFixtures.append;
import static io.anthill.journal.JournalFixtures.assertEntries;
import static io.anthill.journal.JournalFixtures.body;
import static io.anthill.journal.JournalFixtures.drain;
import static io.anthill.journal.JournalFixtures.readAll;
import static io.anthill.journal.JournalFixtures.views;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryAppendedEntryInOpOrder()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            assertEquals(0, journal.lastOp());
            assertEquals(1, journal.firstOp());
            append(journal, 1, 1, 200);

            assertEquals(200, journal.lastOp());
            assertEquals(1, journal.lastView());
            assertEntries(readAll(journal, 1), 1, 200, views(201, 1));
            assertEntries(readAll(journal, 150), 150, 200, views(201, 1));
        }
    }

    @Test
    void shouldReplayTheSameLogAfterReopen()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 50);
            append(journal, 2, 51, 80);
            journal.forceNow();
        }
        try (Journal journal = JournalFixtures.open(dir))
        {
            final JournalRecoveryReport report = journal.recoveryReport();
            assertEquals(80, report.entries());
            assertEquals(1, report.firstOp());
            assertEquals(80, report.lastOp());
            assertEquals(2, report.lastView());
            assertFalse(report.tornTailDetected());
            final long[] views = views(81, 1);
            Arrays.fill(views, 51, 81, 2);
            assertEntries(readAll(journal, 1), 1, 80, views);
            assertEquals(1, journal.viewOf(50));
            assertEquals(2, journal.viewOf(51));

            append(journal, 2, 81, 90);
            assertEquals(90, journal.lastOp());
        }
    }

    @Test
    void shouldTailEntriesAppendedAfterTheReaderCaughtUp()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 5);
            try (JournalReader reader = journal.reader(1))
            {
                assertEquals(5, drain(reader).size());
                assertEquals(0, reader.poll(entry -> { }, 10));
                assertEquals(6, reader.nextOp());

                append(journal, 1, 6, 8);
                final List<JournalFixtures.Copied> tail = drain(reader);
                assertEntries(tail, 6, 8, views(9, 1));
                assertEquals(0, reader.poll(entry -> { }, 10));
            }
            try (JournalReader fromEnd = journal.reader(journal.lastOp() + 1))
            {
                assertEquals(0, fromEnd.poll(entry -> { }, 10));
                append(journal, 1, 9, 9);
                assertEquals(1, fromEnd.poll(entry -> assertEquals(9, entry.op()), 10));
            }
        }
    }

    @Test
    void shouldDeliverAtMostLimitEntriesPerPoll()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 10);
            try (JournalReader reader = journal.reader(1))
            {
                assertEquals(4, reader.poll(entry -> { }, 4));
                assertEquals(5, reader.nextOp());
                assertEquals(6, reader.poll(entry -> { }, 100));
            }
        }
    }

    @Test
    void shouldRedeliverAnEntryWhoseHandlerThrew()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 3);
            try (JournalReader reader = journal.reader(1))
            {
                assertThrows(IllegalStateException.class, () -> reader.poll(entry ->
                {
                    if (entry.op() == 2)
                    {
                        throw new IllegalStateException("handler failed");
                    }
                }, 10));
                assertEquals(2, reader.nextOp());
                assertEntries(drain(reader), 2, 3, views(4, 1));
            }
        }
    }

    @Test
    void shouldRefuseAppendsThatBreakTheSequenceOrTheLimits()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 2, 1, 3);
            assertThrows(IllegalArgumentException.class, () -> journal.append(2, 5, 0, body(5, 2, 8), 0, 8));
            assertThrows(IllegalArgumentException.class, () -> journal.append(2, 3, 0, body(3, 2, 8), 0, 8));
            assertThrows(IllegalArgumentException.class, () -> journal.append(1, 4, 0, body(4, 1, 8), 0, 8));
            final EntryTooLargeException tooLarge = assertThrows(
                EntryTooLargeException.class, () -> journal.append(2, 4, 0, body(4, 2, MAX_BODY + 1), 0, MAX_BODY + 1));
            assertEquals(MAX_BODY, tooLarge.maxBodyLength());
            assertThrows(IllegalArgumentException.class, () -> journal.reader(0));
            assertThrows(IllegalArgumentException.class, () -> journal.reader(5));
            assertEquals(3, journal.lastOp());
        }
    }

    @Test
    void shouldAcceptAMaximumSizeBody()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            journal.append(1, 1, 10, body(1, 1, MAX_BODY), 0, MAX_BODY);
            journal.append(1, 2, 20, body(2, 1, 0), 0, 0);
            try (JournalReader reader = journal.reader(1))
            {
                assertEquals(1, reader.poll(entry -> assertEquals(MAX_BODY, entry.bodyLength()), 1));
                assertEquals(1, reader.poll(entry -> assertEquals(0, entry.bodyLength()), 1));
            }
        }
    }

    @Test
    void shouldOpenReadOnlyWithoutWriting()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            append(journal, 1, 1, 4);
        }
        try (Journal journal = Journal.open(JournalFixtures.context(dir, DurabilityPolicy.NONE).readOnly(true)))
        {
            assertEquals(4, journal.lastOp());
            assertEntries(readAll(journal, 1), 1, 4, views(5, 1));
            assertThrows(IllegalStateException.class, () -> journal.append(1, 5, 0, body(5, 1, 8), 0, 8));
        }
        assertThrows(IllegalArgumentException.class,
            () -> Journal.open(JournalFixtures.context(dir.resolve("absent"), DurabilityPolicy.NONE).readOnly(true)));
    }

    @Test
    void pretouchShouldBeSafeToCallFromTheSlowTick()
    {
        try (Journal journal = JournalFixtures.open(dir))
        {
            journal.pretouch();
            append(journal, 1, 1, 2);
            journal.pretouch();
            assertEquals(2, readAll(journal, 1).size());
        }
    }

    @Test
    void shouldKeepChronicleAnalyticsOff()
    {
        assertEquals("true", System.getProperty("chronicle.analytics.disable"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("net.openhft.chronicle.analytics.Analytics"));
        assertThrows(ClassNotFoundException.class,
            () -> Class.forName("net.openhft.chronicle.analytics.internal.GoogleAnalytics"));
    }
}
