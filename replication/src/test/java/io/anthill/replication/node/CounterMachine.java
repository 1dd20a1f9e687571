package io.anthill.replication.node;

import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import io.anthill.engine.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A deterministic test state machine: adds each command's long to a running total, answers the new total, and
 * digests the sequence of totals so replicas can be compared.
 */
final class CounterMachine implements StateMachine
{
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[8]);
    private long total;
    private long digest;

    static UnsafeBuffer amount(final long amount)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        payload.putLong(0, amount);
        return payload;
    }

    @Override
    public void onCommand(final Command command, final CommandContext context)
    {
        total += command.payload().getLong(command.payloadOffset());
        digest = digest * 31 + total;
        scratch.putLong(0, total);
        context.respond(scratch, 0, 8);
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
        buffer.putLong(offset, total);
        buffer.putLong(offset + 8, digest);
        return 16;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        total = buffer.getLong(offset);
        digest = buffer.getLong(offset + 8);
    }

    @Override
    public long stateDigest()
    {
        return digest;
    }
}
