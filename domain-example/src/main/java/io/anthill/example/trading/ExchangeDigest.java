package io.anthill.example.trading;

/**
 * The state digest of an {@link Exchange}: counters, net deposits, every account (order-free sum) and every book
 * (in price-time order, since queue order is state). Equal on every replica and after every replay or snapshot load.
 */
final class ExchangeDigest
{
    private ExchangeDigest()
    {
    }

    static long of(final Exchange exchange)
    {
        long digest = Digests.chain(exchange.nextOrderId(), exchange.matching().nextTradeId());
        final OwnedInstruments instruments = exchange.instruments();
        for (int slot = 0; slot < instruments.slotCount(); slot++)
        {
            digest = Digests.chain(digest, exchange.accounts().netDeposits(slot));
        }

        final long[] accountsSum = {0};
        exchange.accounts().forEach(account ->
        {
            for (int slot = 0; slot < account.slotCount(); slot++)
            {
                accountsSum[0] += Digests.ofItem(account.accountId(), slot, account.balance(slot), account.reserved(slot));
            }
        });
        digest = Digests.chain(digest, accountsSum[0]);

        final OrderBooks books = exchange.books();
        for (int slot = 1; slot < books.bookSlotCount(); slot++)
        {
            digest = digestSide(digest, books.bookAtSlot(slot).bids());
            digest = digestSide(digest, books.bookAtSlot(slot).asks());
        }
        return digest;
    }

    private static long digestSide(final long digest, final BookSide side)
    {
        long result = Digests.chain(digest, side.levelCount());
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            for (Order order = side.levelFromBest(depth).head; order != null; order = order.next)
            {
                result = Digests.chain(result, Digests.ofItem(order.orderId, order.priceTicks, order.remainingLots, order.expireAtNs));
                result = Digests.chain(result, order.account.accountId());
            }
        }
        return result;
    }
}
