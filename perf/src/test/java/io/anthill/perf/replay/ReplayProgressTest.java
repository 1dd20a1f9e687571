package io.anthill.perf.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The progress line a person watches: bar, count, rate and time left.
 */
class ReplayProgressTest
{
    @Test
    void shouldShowTheBarTheCountTheRateAndTheTimeLeft()
    {
        final String line = ReplayProgress.line(4_500_000, 10_000_000, TimeUnit.SECONDS.toNanos(2));

        assertEquals("[#############.................]  45.0%  4,500,000/10,000,000 commands  2.25 M commands/s  ETA 0:02",
            line);
    }

    @Test
    void shouldShowNoTimeLeftBeforeAnythingWasReplayed()
    {
        final String line = ReplayProgress.line(0, 0, 0);

        assertEquals("[..............................]   0.0%  0/0 commands  0.00 M commands/s  ETA --:--", line);
    }
}
