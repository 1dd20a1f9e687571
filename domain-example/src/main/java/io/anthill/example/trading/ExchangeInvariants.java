package io.anthill.example.trading;

import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import org.agrona.collections.Long2LongHashMap;

/**
 * Checks the whole state of an {@link Exchange}, TigerBeetle-style: tests call it after every command, so a bug is
 * caught at the command that caused it rather than thousands of commands later.
 * <ul>
 *   <li>conservation: per asset, the balances of all accounts sum to deposits minus withdrawals (trades move value,
 *   never create or destroy it);</li>
 *   <li>no negative balance, and {@code 0 <= reserved <= balance};</li>
 *   <li>each account's reservation equals what its resting orders hold;</li>
 *   <li>each book side is strictly sorted by priority, every level non-empty with correct totals, and the book is
 *   not crossed;</li>
 *   <li>the order index, the books and the pool agree.</li>
 * </ul>
 */
final class ExchangeInvariants
{
    private ExchangeInvariants()
    {
    }

    static void validate(final Exchange exchange)
    {
        final OwnedInstruments instruments = exchange.instruments();
        final int slotCount = instruments.slotCount();
        final long[] totals = new long[slotCount];
        exchange.accounts().forEach(account -> validateAccount(account, totals));
        for (int slot = 0; slot < slotCount; slot++)
        {
            check(totals[slot] == exchange.accounts().netDeposits(slot),
                "asset %d not conserved: balances sum to %d but net deposits are %d",
                instruments.assetIdOf(slot), totals[slot], exchange.accounts().netDeposits(slot));
        }

        final Long2LongHashMap reservedByAccountSlot = new Long2LongHashMap(0);
        final OrderBooks books = exchange.books();
        int restingCount = 0;
        for (int slot = 1; slot < books.bookSlotCount(); slot++)
        {
            final OrderBook book = books.bookAtSlot(slot);
            check(!book.isCrossed(), "book %d is crossed", book.instrumentId());
            restingCount += validateSide(exchange, book, book.bids(), reservedByAccountSlot);
            restingCount += validateSide(exchange, book, book.asks(), reservedByAccountSlot);
        }
        check(restingCount == books.restingCount(), "books hold %d orders, index %d", restingCount, books.restingCount());
        check(books.pool().freeCount() + restingCount == books.pool().capacity(),
            "orders leaked from the pool: free %d resting %d capacity %d",
            books.pool().freeCount(), restingCount, books.pool().capacity());

        exchange.accounts().forEach(account ->
        {
            for (int slot = 0; slot < slotCount; slot++)
            {
                final long held = reservedByAccountSlot.get(key(account.accountId(), slot, slotCount));
                check(account.reserved(slot) == held, "account %d asset %d reserves %d but its resting orders hold %d",
                    account.accountId(), instruments.assetIdOf(slot), account.reserved(slot), held);
            }
        });
    }

    private static void validateAccount(final Account account, final long[] totals)
    {
        for (int slot = 0; slot < account.slotCount(); slot++)
        {
            check(account.balance(slot) >= 0 && account.reserved(slot) >= 0 && account.reserved(slot) <= account.balance(slot),
                "account %d slot %d balance %d reserved %d",
                account.accountId(), slot, account.balance(slot), account.reserved(slot));
            totals[slot] += account.balance(slot);
        }
    }

    private static int validateSide(
        final Exchange exchange, final OrderBook book, final BookSide side, final Long2LongHashMap reservedByAccountSlot)
    {
        final int slotCount = exchange.instruments().slotCount();
        int orders = 0;
        long previousPrice = 0;
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            final PriceLevel level = side.levelFromBest(depth);
            check(depth == 0 || (side.side() == Side.BUY ? level.priceTicks < previousPrice : level.priceTicks > previousPrice),
                "book %d side %d not sorted at depth %d", book.instrumentId(), side.side().value(), depth);
            check(!level.isEmpty(), "empty level %d in book %d", level.priceTicks, book.instrumentId());
            check(side.indexedPriceTicks(depth) == level.priceTicks, "book %d indexes level %d as %d",
                book.instrumentId(), level.priceTicks, side.indexedPriceTicks(depth));
            long lots = 0;
            int count = 0;
            for (Order order = level.head; order != null; order = order.next)
            {
                validateOrder(exchange, book, side, level, order);
                lots += order.remainingLots;
                count++;
                final long key = key(order.account.accountId(), order.reservedSlot(), slotCount);
                reservedByAccountSlot.put(key, reservedByAccountSlot.get(key) + order.reservedAmount);
            }
            check(lots == level.totalLots && count == level.orderCount, "level %d totals %d lots in %d orders, but has %d in %d",
                level.priceTicks, level.totalLots, level.orderCount, lots, count);
            orders += count;
            previousPrice = level.priceTicks;
        }
        return orders;
    }

    private static void validateOrder(
        final Exchange exchange, final OrderBook book, final BookSide side, final PriceLevel level, final Order order)
    {
        check(order.level == level && order.priceTicks == level.priceTicks && order.side == side.side() &&
            order.instrumentId == book.instrumentId() && !order.isMarket && order.timeInForce != TimeInForce.IOC,
            "order %d misplaced in book %d", order.orderId, book.instrumentId());
        check(order.remainingLots > 0, "order %d rests with %d lots", order.orderId, order.remainingLots);
        check(order.reservedAmount == RiskChecks.reservationOf(order, 0), "order %d holds %d but should hold %d",
            order.orderId, order.reservedAmount, RiskChecks.reservationOf(order, 0));
        check(exchange.books().findResting(order.orderId) == order, "order %d not indexed", order.orderId);
        check(order.orderId > 0 && order.orderId < exchange.nextOrderId(), "order id %d never issued", order.orderId);
    }

    private static long key(final long accountId, final int slot, final int slotCount)
    {
        return accountId * slotCount + slot;
    }

    /**
     * Formats the message only on failure.
     */
    private static void check(final boolean condition, final String format, final long... values)
    {
        if (!condition)
        {
            final Object[] arguments = new Object[values.length];
            for (int i = 0; i < values.length; i++)
            {
                arguments[i] = values[i];
            }
            throw new IllegalStateException("invariant violated: " + String.format(format, arguments));
        }
    }
}
