package io.anthill.journal;

import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Engine tests only: a journal that starts a new file per second of a clock the test drives, so an engine test can
 * show journal retention without waiting. It lives in the journal's package because the clock setting is not part of
 * the journal's public settings.
 */
public final class DrivenJournalClock
{
    private final SetTimeProvider time = new SetTimeProvider("2026-11-25T00:00:00");

    /**
     * @param journalContext the settings to adjust.
     * @return the same settings, rolling a file per second of this clock.
     */
    public JournalContext apply(final JournalContext journalContext)
    {
        return journalContext.rollCycle(TestRollCycles.TEST_SECONDLY).cycleTimeProvider(time);
    }

    /**
     * Moves the clock to the next journal file.
     */
    public void nextFile()
    {
        time.advanceMillis(1_000);
    }
}
