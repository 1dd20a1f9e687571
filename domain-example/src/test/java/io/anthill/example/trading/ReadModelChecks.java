package io.anthill.example.trading;

import io.anthill.example.trading.codecs.Side;

/**
 * Checks that each read model, built only from events, agrees with the state machine's own state: balances and
 * reservations of every account, every resting order and its remaining lots, and every level of every book.
 */
final class ReadModelChecks
{
    private ReadModelChecks()
    {
    }

    static void validate(final TradingPartition partition)
    {
        final Exchange exchange = partition.stateMachine.exchange();
        final OwnedInstruments instruments = exchange.instruments();
        exchange.accounts().forEach(account ->
        {
            for (int slot = 0; slot < account.slotCount(); slot++)
            {
                final int assetId = instruments.assetIdOf(slot);
                check(partition.balances.balance(account.accountId(), assetId) == account.balance(slot) &&
                    partition.balances.reserved(account.accountId(), assetId) == account.reserved(slot),
                    "balances read model differs for account " + account.accountId() + " asset " + assetId);
            }
        });

        final OrderBooks books = exchange.books();
        check(partition.openOrders.size() == books.restingCount(), "open orders read model holds " +
            partition.openOrders.size() + " orders, books " + books.restingCount());
        for (int slot = 1; slot < books.bookSlotCount(); slot++)
        {
            final OrderBook book = books.bookAtSlot(slot);
            validateSide(partition, book.bids(), partition.depth.levels(book.instrumentId(), Side.BUY), book.instrumentId());
            validateSide(partition, book.asks(), partition.depth.levels(book.instrumentId(), Side.SELL), book.instrumentId());
        }
    }

    private static void validateSide(
        final TradingPartition partition, final BookSide side, final DepthLevels levels, final int instrumentId)
    {
        check(side.levelCount() == levels.levelCount(), "depth of " + instrumentId + " has " + levels.levelCount() +
            " levels, book " + side.levelCount());
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            final PriceLevel level = side.levelFromBest(depth);
            check(level.priceTicks == levels.priceTicks(depth) && level.totalLots == levels.quantityLots(depth) &&
                level.orderCount == levels.orderCount(depth), "depth of " + instrumentId + " differs at " + depth);
            for (Order order = level.head; order != null; order = order.next)
            {
                check(partition.openOrders.remainingLots(order.orderId) == order.remainingLots,
                    "open orders read model differs for order " + order.orderId);
            }
        }
    }

    private static void check(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new AssertionError(message);
        }
    }
}
