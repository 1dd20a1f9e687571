package io.anthill.journal;

import static io.anthill.journal.JournalFixtures.append;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each policy forces, counted, never timed: INTERVAL reads an injected clock.
 */
class DurabilityPolicyTest
{
    @TempDir
    Path dir;

    @Test
    void noneShouldNeverForceOnEndBatchButForceNowShould()
    {
        try (Journal journal = Journal.open(JournalFixtures.context(dir, DurabilityPolicy.NONE)))
        {
            final long forcesAtOpen = journal.forceCount();
            append(journal, 1, 1, 10);
            assertEquals(0, journal.endBatch());
            append(journal, 1, 11, 20);
            assertEquals(0, journal.endBatch());
            assertEquals(forcesAtOpen, journal.forceCount());
            assertEquals(0, journal.durableOp());

            assertEquals(20, journal.forceNow());
            assertEquals(forcesAtOpen + 1, journal.forceCount());
            assertEquals(20, journal.durableOp());
        }
    }

    @Test
    void batchShouldForceOncePerNonEmptyBatch()
    {
        try (Journal journal = Journal.open(JournalFixtures.context(dir, DurabilityPolicy.BATCH)))
        {
            final long forcesAtOpen = journal.forceCount();
            append(journal, 1, 1, 64);
            assertEquals(0, journal.durableOp(), "not durable before the batch ends");
            assertEquals(64, journal.endBatch());
            assertEquals(forcesAtOpen + 1, journal.forceCount());

            assertEquals(64, journal.endBatch(), "an empty batch forces nothing");
            assertEquals(forcesAtOpen + 1, journal.forceCount());

            append(journal, 1, 65, 65);
            assertEquals(65, journal.endBatch());
            assertEquals(forcesAtOpen + 2, journal.forceCount());
        }
    }

    @Test
    void intervalShouldForceOnlyWhenTheIntervalPassed()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(TimeUnit.SECONDS.toNanos(100));
        final JournalContext ctx = JournalFixtures.context(dir, DurabilityPolicy.INTERVAL).forceIntervalMs(10).nanoClock(clock);
        try (Journal journal = Journal.open(ctx))
        {
            final long forcesAtOpen = journal.forceCount();
            append(journal, 1, 1, 5);
            clock.advance(TimeUnit.MILLISECONDS.toNanos(9));
            assertEquals(0, journal.endBatch());
            assertEquals(forcesAtOpen, journal.forceCount());

            append(journal, 1, 6, 8);
            clock.advance(TimeUnit.MILLISECONDS.toNanos(1));
            assertEquals(8, journal.endBatch(), "10 ms after the last force");
            assertEquals(forcesAtOpen + 1, journal.forceCount());

            clock.advance(TimeUnit.MILLISECONDS.toNanos(50));
            assertEquals(8, journal.endBatch(), "nothing new: no force however long it was");
            assertEquals(forcesAtOpen + 1, journal.forceCount());

            append(journal, 1, 9, 9);
            assertEquals(9, journal.endBatch(), "idle for longer than the interval: the next batch forces at once");
            assertEquals(forcesAtOpen + 2, journal.forceCount());

            append(journal, 1, 10, 10);
            assertEquals(9, journal.endBatch());
            clock.advance(TimeUnit.MILLISECONDS.toNanos(10));
            assertEquals(10, journal.endBatch(), "an idle duty cycle catches up");
            assertEquals(forcesAtOpen + 3, journal.forceCount());
        }
    }

    @Test
    void reopenShouldCountEveryRecoveredEntryDurable()
    {
        try (Journal journal = Journal.open(JournalFixtures.context(dir, DurabilityPolicy.NONE)))
        {
            append(journal, 1, 1, 7);
        }
        try (Journal journal = Journal.open(JournalFixtures.context(dir, DurabilityPolicy.BATCH)))
        {
            assertEquals(7, journal.durableOp());
            assertEquals(1, journal.forceCount(), "open forces what it found before acknowledging anything");
        }
    }

    @Test
    void contextShouldFillDefaultsAndRejectBadSettings()
    {
        final JournalContext ctx = new JournalContext().directory(dir).partitionId(1).conclude();
        assertEquals(JournalConfiguration.DURABILITY_DEFAULT, ctx.durability());
        assertEquals(JournalConfiguration.FORCE_INTERVAL_MS_DEFAULT, ctx.forceIntervalMs());
        assertEquals(JournalConfiguration.MAX_BODY_LENGTH_DEFAULT, ctx.maxBodyLength());
        assertThrows(IllegalArgumentException.class, () -> new JournalContext().directory(dir).conclude());
        final int tooLarge = JournalConfiguration.MAX_BODY_LENGTH_LIMIT + 1;
        assertThrows(IllegalArgumentException.class,
            () -> new JournalContext().directory(dir).partitionId(1).maxBodyLength(tooLarge).conclude());
    }
}
