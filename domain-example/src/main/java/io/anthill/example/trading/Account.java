package io.anthill.example.trading;

/**
 * One account's sub-account in this partition: per asset slot, the balance it owns and the part of it reserved by
 * resting orders. Invariant: {@code 0 <= reserved <= balance}; available = balance - reserved.
 */
final class Account
{
    private final long accountId;
    private final long[] balance;
    private final long[] reserved;

    Account(final long accountId, final int slotCount)
    {
        this.accountId = accountId;
        this.balance = new long[slotCount];
        this.reserved = new long[slotCount];
    }

    long accountId()
    {
        return accountId;
    }

    long balance(final int slot)
    {
        return balance[slot];
    }

    long reserved(final int slot)
    {
        return reserved[slot];
    }

    long available(final int slot)
    {
        return balance[slot] - reserved[slot];
    }

    int slotCount()
    {
        return balance.length;
    }

    void addBalance(final int slot, final long delta)
    {
        balance[slot] += delta;
    }

    void addReserved(final int slot, final long delta)
    {
        reserved[slot] += delta;
    }
}
