package io.anthill.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApplyContextTest
{
    private static final int EVENTS_LENGTH_MAX = 64;

    private final ApplyOutput output = new ApplyOutput();
    private final ApplyContext context = new ApplyContext(new AlarmTable(8), 64, EVENTS_LENGTH_MAX);
    private final UnsafeBuffer event = new UnsafeBuffer(new byte[EVENTS_LENGTH_MAX - ApplyOutput.EVENT_HEADER_LENGTH]);

    @Test
    void shouldRefuseEventsPastTheBudgetOfOneCommand()
    {
        context.bind(output, 1, 1, false, true);
        context.emitEvent(event, 0, event.capacity());

        assertThrows(LimitExceededException.class, () -> context.emitEvent(event, 0, 1));
    }

    @Test
    void shouldGiveEveryAlarmOfATickItsOwnBudget()
    {
        for (int alarm = 0; alarm < 3; alarm++)
        {
            context.bind(output, 1, 1, false, false);
            context.emitEvent(event, 0, event.capacity());
        }

        assertEquals(3, output.eventCount());
    }
}
