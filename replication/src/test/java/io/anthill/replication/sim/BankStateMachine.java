package io.anthill.replication.sim;

import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import io.anthill.engine.StateMachine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The simulator's business logic, written against the engine's {@link StateMachine} interface: a bank of accounts
 * with deposits, transfers that fail on insufficient funds, and balance reads. Its responses are what the history
 * checker compares with a sequential model; its conservation invariant (total = initial + deposits) is checked too.
 *
 * <p>Payload: kind (1 byte), account a (int), account b (int), amount (long). Response: status (1 byte), balance
 * (long): the balance of account a after the command.
 */
final class BankStateMachine implements StateMachine
{
    static final byte DEPOSIT = 1;
    static final byte TRANSFER = 2;
    static final byte BALANCE = 3;
    static final byte OK = 0;
    static final byte INSUFFICIENT_FUNDS = 1;
    static final byte BAD_COMMAND = 2;
    static final int PAYLOAD_LENGTH = 1 + 4 + 4 + 8;
    static final int RESPONSE_LENGTH = 1 + 8;
    static final long INITIAL_BALANCE = 1_000;

    private final long[] balances;
    private final UnsafeBuffer response = new UnsafeBuffer(new byte[RESPONSE_LENGTH]);
    private long deposits;

    BankStateMachine(final int accounts)
    {
        balances = new long[accounts];
        java.util.Arrays.fill(balances, INITIAL_BALANCE);
    }

    @Override
    public void onCommand(final Command command, final CommandContext context)
    {
        final DirectBuffer payload = command.payload();
        final int offset = command.payloadOffset();
        if (command.payloadLength() != PAYLOAD_LENGTH)
        {
            respond(context, BAD_COMMAND, 0);
            return;
        }
        final byte kind = payload.getByte(offset);
        final int a = payload.getInt(offset + 1);
        final int b = payload.getInt(offset + 5);
        final long amount = payload.getLong(offset + 9);
        if (a < 0 || a >= balances.length || b < 0 || b >= balances.length || amount < 0)
        {
            respond(context, BAD_COMMAND, 0);
            return;
        }
        switch (kind)
        {
            case DEPOSIT:
                balances[a] += amount;
                deposits += amount;
                respond(context, OK, balances[a]);
                break;
            case TRANSFER:
                if (balances[a] < amount)
                {
                    respond(context, INSUFFICIENT_FUNDS, balances[a]);
                }
                else
                {
                    balances[a] -= amount;
                    balances[b] += amount;
                    respond(context, OK, balances[a]);
                }
                break;
            case BALANCE:
                respond(context, OK, balances[a]);
                break;
            default:
                respond(context, BAD_COMMAND, 0);
                break;
        }
    }

    private void respond(final CommandContext context, final byte status, final long balance)
    {
        response.putByte(0, status);
        response.putLong(1, balance);
        context.respond(response, 0, RESPONSE_LENGTH);
    }

    @Override
    public void onAlarm(final long alarmId, final long deadlineNs, final DirectBuffer metadata, final int metadataOffset,
        final int metadataLength, final CommandContext context)
    {
        // the bank schedules no alarms
    }

    @Override
    public int snapshotFormatVersion()
    {
        return 1;
    }

    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, balances.length);
        buffer.putLong(offset + 4, deposits);
        for (int i = 0; i < balances.length; i++)
        {
            buffer.putLong(offset + 12 + 8 * i, balances[i]);
        }
        return 12 + 8 * balances.length;
    }

    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        deposits = buffer.getLong(offset + 4);
        for (int i = 0; i < balances.length; i++)
        {
            balances[i] = buffer.getLong(offset + 12 + 8 * i);
        }
    }

    @Override
    public long stateDigest()
    {
        long digest = deposits * 31;
        for (final long balance : balances)
        {
            digest = digest * 1_000_003L + balance;
        }
        return digest;
    }

    /**
     * @return true if money was neither created nor destroyed: the sum of balances is the initial sum plus deposits.
     */
    boolean conserved()
    {
        long total = 0;
        for (final long balance : balances)
        {
            total += balance;
        }
        return total == INITIAL_BALANCE * balances.length + deposits;
    }
}
