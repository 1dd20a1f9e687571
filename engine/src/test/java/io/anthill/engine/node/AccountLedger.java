package io.anthill.engine.node;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import io.anthill.engine.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A state machine for node tests written against the public API only: a payload of (account, amount) adds the
 * amount, emits (account, balance) and answers the balance; any shorter payload (the fuzz test sends many) is
 * answered with minus its length and changes nothing. A test can hold the business-logic thread with
 * {@link #hold()} and let commands through one permit at a time.
 */
final class AccountLedger implements StateMachine
{
    static final int PAYLOAD_LENGTH = 16;
    private static final int OPEN = Integer.MAX_VALUE / 2;
    private static final long HOLD_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);

    private final Long2LongHashMap balances = new Long2LongHashMap(0);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[32]);
    private final AtomicInteger permits = new AtomicInteger(OPEN);
    private final AtomicInteger entered = new AtomicInteger();

    static UnsafeBuffer deposit(final long account, final long amount)
    {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD_LENGTH]);
        payload.putLong(0, account);
        payload.putLong(8, amount);
        return payload;
    }

    void hold()
    {
        permits.set(0);
    }

    void permit(final int count)
    {
        permits.addAndGet(count);
    }

    void open()
    {
        permits.set(OPEN);
    }

    void awaitEntered(final int count)
    {
        final long deadlineNs = System.nanoTime() + HOLD_LIMIT_NS;
        while (entered.get() < count)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("business logic entered " + entered.get() + " commands, not " + count);
            }
            Thread.yield();
        }
    }

    @Override
    public void onCommand(final Command command, final CommandContext context)
    {
        if (!context.isReplaying())
        {
            entered.incrementAndGet();
            final long deadlineNs = System.nanoTime() + HOLD_LIMIT_NS;
            while (permits.get() <= 0 && System.nanoTime() - deadlineNs < 0)
            {
                Thread.yield();
            }
            permits.decrementAndGet();
        }
        final DirectBuffer payload = command.payload();
        final int offset = command.payloadOffset();
        if (command.payloadLength() < PAYLOAD_LENGTH)
        {
            scratch.putLong(16, -command.payloadLength());
            context.respond(scratch, 16, Long.BYTES);
            return;
        }
        final long account = payload.getLong(offset);
        final long balance = balances.get(account) + payload.getLong(offset + 8);
        balances.put(account, balance);
        scratch.putLong(0, account);
        scratch.putLong(8, balance);
        context.emitEvent(scratch, 0, 16);
        context.respond(scratch, 8, Long.BYTES);
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
        final long[] accounts = new long[balances.size()];
        final Long2LongHashMap.KeyIterator keys = balances.keySet().iterator();
        for (int i = 0; keys.hasNext(); i++)
        {
            accounts[i] = keys.nextValue();
        }
        java.util.Arrays.sort(accounts);
        buffer.putInt(offset, accounts.length);
        int position = offset + 4;
        for (final long account : accounts)
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
            balances.put(buffer.getLong(offset + 4 + i * 16), buffer.getLong(offset + 12 + i * 16));
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
            digest += entries.getLongKey() * 31 + entries.getLongValue() * 0x9E3779B97F4A7C15L;
        }
        return digest;
    }
}
