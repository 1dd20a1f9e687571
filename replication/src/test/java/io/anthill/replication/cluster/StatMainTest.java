package io.anthill.replication.cluster;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatMainTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldPrintTheCountersANodeWritesWithoutTouchingIt() throws InterruptedException
    {
        try (CountersFile file = CountersFile.create(dir))
        {
            final CountersManager manager = file.newManager();
            final AtomicCounter applied = manager.newCounter("anthill partition 3: entries applied");
            applied.setRelease(12_345);

            final int status = StatMain.run(new String[]{"--data", dir.toString(), "--once"}, print(out), print(err));

            assertEquals(0, status);
            final String table = out.toString(StandardCharsets.UTF_8);
            assertTrue(table.contains("anthill partition 3: entries applied") && table.contains("12,345"), table);
        }
    }

    @Test
    void shouldSayWhatToDoWhenNoNodeRunsThere() throws InterruptedException
    {
        final int status = StatMain.run(new String[]{"--data", dir.resolve("nothing").toString(), "--once"}, print(out),
            print(err));

        assertEquals(1, status);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is a node running"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintUsageWithoutADataDirectory() throws InterruptedException
    {
        assertEquals(2, StatMain.run(new String[]{"--once"}, print(out), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: scripts/stat"));
    }

    private static PrintStream print(final ByteArrayOutputStream bytes)
    {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
