package io.anthill.example.trading;

import io.anthill.example.trading.codecs.ResultCode;
import java.util.function.Consumer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The sub-accounts of this partition and the only place balances change. Every change emits a
 * {@code BalanceChanged} event with the new absolute values, so read models need no arithmetic of their own.
 * <p>
 * Also keeps, per asset, deposits minus withdrawals: trades move balances between accounts but never change that
 * total, which is the conservation invariant {@link ExchangeInvariants} checks.
 */
final class Accounts
{
    private static final float LOAD_FACTOR = 0.5f;

    private final OwnedInstruments instruments;
    private final TradingEventPublisher events;
    private final Long2ObjectHashMap<Account> accountById;
    private final int accountsMax;
    private final long[] netDepositsBySlot;

    Accounts(final OwnedInstruments instruments, final TradingEventPublisher events, final int accountsMax)
    {
        this.instruments = instruments;
        this.events = events;
        this.accountsMax = accountsMax;
        accountById = new Long2ObjectHashMap<>(Math.min(2 * accountsMax + 2, 1 << 20), LOAD_FACTOR);
        netDepositsBySlot = new long[instruments.slotCount()];
    }

    Account find(final long accountId)
    {
        return accountById.get(accountId);
    }

    /**
     * Opens a sub-account. Allocates it: opening accounts is an administrative rate, not the order path.
     */
    ResultCode open(final long accountId)
    {
        if (accountById.containsKey(accountId))
        {
            return ResultCode.ACCOUNT_EXISTS;
        }
        if (accountById.size() >= accountsMax)
        {
            return ResultCode.TOO_MANY_ACCOUNTS;
        }
        accountById.put(accountId, new Account(accountId, instruments.slotCount()));
        events.accountOpened(accountId);
        return ResultCode.OK;
    }

    ResultCode deposit(final Account account, final int slot, final long amount)
    {
        if (amount <= 0 || amount > TradingLimits.ASSET_SUPPLY_MAX)
        {
            return ResultCode.INVALID_AMOUNT;
        }
        if (netDepositsBySlot[slot] > TradingLimits.ASSET_SUPPLY_MAX - amount)
        {
            return ResultCode.BALANCE_LIMIT_EXCEEDED;
        }
        netDepositsBySlot[slot] += amount;
        account.addBalance(slot, amount);
        publish(account, slot);
        return ResultCode.OK;
    }

    ResultCode withdraw(final Account account, final int slot, final long amount)
    {
        if (amount <= 0 || amount > TradingLimits.ASSET_SUPPLY_MAX)
        {
            return ResultCode.INVALID_AMOUNT;
        }
        if (account.available(slot) < amount)
        {
            return slot == OwnedInstruments.CASH_SLOT ? ResultCode.INSUFFICIENT_CASH : ResultCode.INSUFFICIENT_ASSET;
        }
        netDepositsBySlot[slot] -= amount;
        account.addBalance(slot, -amount);
        publish(account, slot);
        return ResultCode.OK;
    }

    /**
     * Holds part of the available balance for an order.
     *
     * @return false, changing nothing, if not enough is available.
     */
    boolean reserve(final Account account, final int slot, final long amount)
    {
        if (account.available(slot) < amount)
        {
            return false;
        }
        account.addReserved(slot, amount);
        publish(account, slot);
        return true;
    }

    void release(final Account account, final int slot, final long amount)
    {
        if (amount == 0)
        {
            return;
        }
        account.addReserved(slot, -amount);
        publish(account, slot);
    }

    /**
     * Settles one fill at once on both sides: the buyer pays price x lots out of its reservation and receives the
     * asset; the seller delivers reserved asset and receives the cash. Cash and asset totals are unchanged.
     *
     * @param buyerReservationConsumed the part of the buyer's cash reservation this fill uses up (see
     *                                 {@link Order#reservationConsumedBy(long, long)}); at least the notional.
     */
    void settle(
        final Account buyer,
        final Account seller,
        final int assetSlot,
        final long priceTicks,
        final long lots,
        final long buyerReservationConsumed)
    {
        final long notional = priceTicks * lots;
        final int cash = OwnedInstruments.CASH_SLOT;
        buyer.addBalance(cash, -notional);
        buyer.addReserved(cash, -buyerReservationConsumed);
        buyer.addBalance(assetSlot, lots);
        seller.addBalance(assetSlot, -lots);
        seller.addReserved(assetSlot, -lots);
        seller.addBalance(cash, notional);

        publish(buyer, cash);
        publish(buyer, assetSlot);
        publish(seller, assetSlot);
        publish(seller, cash);
    }

    long netDeposits(final int slot)
    {
        return netDepositsBySlot[slot];
    }

    int size()
    {
        return accountById.size();
    }

    /**
     * Visits every account in no particular order; for invariants, digests and snapshots, not the order path.
     */
    void forEach(final Consumer<Account> visitor)
    {
        for (final Account account : accountById.values())
        {
            visitor.accept(account);
        }
    }

    /**
     * Restores an account from a snapshot, without events: read models are rebuilt from their own events.
     */
    Account restore(final long accountId)
    {
        final Account account = new Account(accountId, instruments.slotCount());
        accountById.put(accountId, account);
        return account;
    }

    void restoreNetDeposits(final int slot, final long amount)
    {
        netDepositsBySlot[slot] = amount;
    }

    private void publish(final Account account, final int slot)
    {
        events.balanceChanged(account.accountId(), instruments.assetIdOf(slot), account.balance(slot), account.reserved(slot));
    }
}
