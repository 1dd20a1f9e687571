package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A tiny deterministic state machine for engine tests: a ledger of accounts whose commands are fixed-layout payloads.
 * <ul>
 *   <li>{@code DEPOSIT account amount}: adds, emits (account, balance), responds with the balance;</li>
 *   <li>{@code SCHEDULE alarmId deadlineNs}: schedules an alarm whose metadata is the alarm id; responds 0;</li>
 *   <li>{@code CANCEL alarmId}: cancels it; responds 1 if it was scheduled;</li>
 *   <li>{@code FAIL}: throws, to test the engine's error policy.</li>
 * </ul>
 * A fired alarm emits (-alarmId, deadlineNs). It records whether it ever saw a command while replaying.
 */
final class LedgerStateMachine implements StateMachine
{
    static final int DEPOSIT = 1;
    static final int SCHEDULE = 2;
    static final int CANCEL = 3;
    static final int FAIL = 4;
    static final int PAYLOAD_LENGTH = 20;

    private final Long2LongHashMap balances = new Long2LongHashMap(0);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[64]);
    private long commandsSeenReplaying;

    static UnsafeBuffer deposit(final long account, final long amount)
    {
        return payload(DEPOSIT, account, amount);
    }

    static UnsafeBuffer schedule(final long alarmId, final long deadlineNs)
    {
        return payload(SCHEDULE, alarmId, deadlineNs);
    }

    static UnsafeBuffer cancel(final long alarmId)
    {
        return payload(CANCEL, alarmId, 0);
    }

    static UnsafeBuffer fail()
    {
        return payload(FAIL, 0, 0);
    }

    static UnsafeBuffer payload(final int type, final long first, final long second)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[PAYLOAD_LENGTH]);
        buffer.putInt(0, type);
        buffer.putLong(4, first);
        buffer.putLong(12, second);
        return buffer;
    }

    @Override
    public void onCommand(final Command command, final CommandContext context)
    {
        if (context.isReplaying())
        {
            commandsSeenReplaying++;
        }
        final DirectBuffer payload = command.payload();
        final int offset = command.payloadOffset();
        final long first = payload.getLong(offset + 4);
        final long second = payload.getLong(offset + 12);
        switch (payload.getInt(offset))
        {
            case DEPOSIT:
                final long balance = balances.get(first) + second;
                balances.put(first, balance);
                scratch.putLong(0, first);
                scratch.putLong(8, balance);
                context.emitEvent(scratch, 0, 16);
                respondLong(context, balance);
                break;
            case SCHEDULE:
                scratch.putLong(0, first);
                context.alarms().schedule(first, second, scratch, 0, 8);
                respondLong(context, 0);
                break;
            case CANCEL:
                respondLong(context, context.alarms().cancel(first) ? 1 : 0);
                break;
            case FAIL:
                throw new IllegalArgumentException("asked to fail");
            default:
                throw new IllegalArgumentException("unknown command type");
        }
    }

    private void respondLong(final CommandContext context, final long value)
    {
        scratch.putLong(32, value);
        context.respond(scratch, 32, 8);
    }

    @Override
    public void onAlarm(
        final long alarmId, final long deadlineNs, final DirectBuffer metadata, final int metadataOffset,
        final int metadataLength, final CommandContext context)
    {
        if (metadata.getLong(metadataOffset) != alarmId)
        {
            throw new IllegalStateException("alarm metadata lost: " + alarmId);
        }
        scratch.putLong(0, -alarmId);
        scratch.putLong(8, deadlineNs);
        context.emitEvent(scratch, 0, 16);
    }

    @Override
    public int snapshotFormatVersion()
    {
        return 1;
    }

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        buffer.putInt(position, balances.size());
        position += 4;
        final Long2LongHashMap.KeyIterator keys = balances.keySet().iterator();
        final long[] sorted = new long[balances.size()];
        for (int i = 0; keys.hasNext(); i++)
        {
            sorted[i] = keys.nextValue();
        }
        java.util.Arrays.sort(sorted);
        for (final long account : sorted)
        {
            buffer.putLong(position, account);
            buffer.putLong(position + 8, balances.get(account));
            position += 16;
        }
        return position - offset;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        balances.clear();
        final int count = buffer.getInt(offset);
        for (int i = 0; i < count; i++)
        {
            final int position = offset + 4 + i * 16;
            balances.put(buffer.getLong(position), buffer.getLong(position + 8));
        }
    }

    @Override
    public long stateDigest()
    {
        long digest = balances.size();
        final Long2LongHashMap.EntryIterator entries = balances.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            digest += StateDigest.mix(entries.getLongKey(), entries.getLongValue());
        }
        return digest;
    }

    long balance(final long account)
    {
        return balances.get(account);
    }

    long commandsSeenReplaying()
    {
        return commandsSeenReplaying;
    }
}
