package io.anthill.perf.edges;

import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import io.anthill.engine.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The benchmark's state machine: a deposit of (account, amount) adds to the account, emits (account, balance) for
 * the read model and answers the balance. Allocation-free once the accounts exist.
 */
final class BenchLedger implements StateMachine
{
    static final int PAYLOAD_LENGTH = 16;

    private final Long2LongHashMap balances = new Long2LongHashMap(0);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[16]);

    @Override
    public void onCommand(final Command command, final CommandContext context)
    {
        final DirectBuffer payload = command.payload();
        final int offset = command.payloadOffset();
        final long account = payload.getLong(offset);
        final long balance = balances.get(account) + payload.getLong(offset + 8);
        balances.put(account, balance);
        scratch.putLong(0, account);
        scratch.putLong(8, balance);
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
        buffer.putInt(offset, 0);
        return Integer.BYTES;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        balances.clear();
    }

    @Override
    public long stateDigest()
    {
        return balances.size();
    }
}
