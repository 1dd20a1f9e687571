package io.anthill.perf.engine;

import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import io.anthill.engine.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The business logic of the ring benchmark: adds the command's amount to one of a fixed set of counters, emits the
 * new value and answers it. Small on purpose, so the benchmark measures the engine, not the logic.
 */
final class CounterStateMachine implements StateMachine
{
    static final int COUNTER_COUNT = 1024;
    static final int PAYLOAD_LENGTH = 16;

    private final long[] counters = new long[COUNTER_COUNT];
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[16]);

    @Override
    public void onCommand(final Command command, final CommandContext context)
    {
        final DirectBuffer payload = command.payload();
        final int index = (int)(payload.getLong(command.payloadOffset()) & (COUNTER_COUNT - 1));
        counters[index] += payload.getLong(command.payloadOffset() + Long.BYTES);
        scratch.putLong(0, index);
        scratch.putLong(8, counters[index]);
        context.emitEvent(scratch, 0, 16);
        context.respond(scratch, 8, 8);
    }

    @Override
    public void onAlarm(
        final long alarmId, final long deadlineNs, final DirectBuffer metadata, final int metadataOffset,
        final int metadataLength, final CommandContext context)
    {
    }

    @Override
    public int snapshotFormatVersion()
    {
        return 1;
    }

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < COUNTER_COUNT; i++)
        {
            buffer.putLong(offset + i * Long.BYTES, counters[i]);
        }
        return COUNTER_COUNT * Long.BYTES;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        for (int i = 0; i < COUNTER_COUNT; i++)
        {
            counters[i] = buffer.getLong(offset + i * Long.BYTES);
        }
    }

    @Override
    public long stateDigest()
    {
        long digest = 0;
        for (final long counter : counters)
        {
            digest = digest * 31 + counter;
        }
        return digest;
    }
}
