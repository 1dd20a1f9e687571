package io.anthill.example.trading;

import io.anthill.example.trading.TradingPartition.AccountReply;
import io.anthill.example.trading.TradingPartition.OrderReply;
import io.anthill.example.trading.codecs.OrderStatus;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The exchange's rules written as plainly as possible, to compare the real one against: a list of resting orders
 * scanned and sorted on every match, balances in a hash map, no pools, no indexes, no events. Slow on purpose and
 * small enough to check by reading. It assumes the limits the property test never reaches (orders, price levels, GTD
 * orders, supply) and implements only those it does.
 */
final class ReferenceExchange
{
    private static final Comparator<RestingOrder> TIME = Comparator.comparingLong(order -> order.orderId);

    private final int instrumentCount;
    private final int alarmCatchUpLimit;
    private final Map<Long, long[][]> accounts = new HashMap<>();
    private final List<RestingOrder> resting = new ArrayList<>();
    private long nextOrderId = 1;

    ReferenceExchange(final int instrumentCount, final int alarmCatchUpLimit)
    {
        this.instrumentCount = instrumentCount;
        this.alarmCatchUpLimit = alarmCatchUpLimit;
    }

    AccountReply openAccount(final long accountId)
    {
        if (accounts.containsKey(accountId))
        {
            return balanceReply(ResultCode.ACCOUNT_EXISTS, accountId, 0);
        }
        accounts.put(accountId, new long[2][instrumentCount + 1]);
        return new AccountReply(ResultCode.OK, 0, 0);
    }

    AccountReply deposit(final long accountId, final int assetId, final long amount)
    {
        final ResultCode check = checkTransfer(accountId, assetId, amount);
        if (check == ResultCode.OK)
        {
            accounts.get(accountId)[0][assetId] += amount;
        }
        return balanceReply(check, accountId, assetId);
    }

    AccountReply withdraw(final long accountId, final int assetId, final long amount)
    {
        ResultCode check = checkTransfer(accountId, assetId, amount);
        if (check == ResultCode.OK && available(accountId, assetId) < amount)
        {
            check = assetId == 0 ? ResultCode.INSUFFICIENT_CASH : ResultCode.INSUFFICIENT_ASSET;
        }
        if (check == ResultCode.OK)
        {
            accounts.get(accountId)[0][assetId] -= amount;
        }
        return balanceReply(check, accountId, assetId);
    }

    OrderReply limit(
        final long accountId, final int instrumentId, final Side side, final TimeInForce timeInForce, final long priceTicks,
        final long quantityLots, final long expireAtNs, final long nowNs)
    {
        ResultCode check = ResultCode.OK;
        if (priceTicks < 1 || priceTicks > TradingLimits.PRICE_TICKS_MAX)
        {
            check = ResultCode.PRICE_OUT_OF_BAND;
        }
        else if (quantityLots < 1 || quantityLots > TradingLimits.QUANTITY_LOTS_MAX)
        {
            check = ResultCode.INVALID_QUANTITY;
        }
        else if (timeInForce != TimeInForce.GTD && expireAtNs != 0)
        {
            check = ResultCode.INVALID_EXPIRY;
        }
        else if (timeInForce == TimeInForce.GTD && expireAtNs <= nowNs)
        {
            check = ResultCode.EXPIRED_ON_ARRIVAL;
        }
        check = check == ResultCode.OK ? checkEntry(accountId, instrumentId) : check;
        final RestingOrder taker = new RestingOrder(accountId, instrumentId, side, priceTicks, quantityLots, expireAtNs);
        taker.timeInForce = timeInForce;
        return check == ResultCode.OK ? submit(taker, side == Side.BUY ? priceTicks * quantityLots : quantityLots) : rejected(check);
    }

    OrderReply market(final long accountId, final int instrumentId, final Side side, final long quantityLots, final long cashLimit)
    {
        ResultCode check = ResultCode.OK;
        if (quantityLots < 1 || quantityLots > TradingLimits.QUANTITY_LOTS_MAX)
        {
            check = ResultCode.INVALID_QUANTITY;
        }
        else if (side == Side.BUY ? cashLimit < 1 || cashLimit > TradingLimits.ASSET_SUPPLY_MAX : cashLimit != 0)
        {
            check = ResultCode.INVALID_CASH_LIMIT;
        }
        check = check == ResultCode.OK ? checkEntry(accountId, instrumentId) : check;
        final RestingOrder taker = new RestingOrder(accountId, instrumentId, side, 0, quantityLots, 0);
        taker.isMarket = true;
        return check == ResultCode.OK ? submit(taker, side == Side.BUY ? cashLimit : quantityLots) : rejected(check);
    }

    OrderReply cancel(final long accountId, final int instrumentId, final long orderId)
    {
        if (instrumentId < 1 || instrumentId > instrumentCount)
        {
            return rejected(ResultCode.UNKNOWN_INSTRUMENT);
        }
        final Optional<RestingOrder> found = resting.stream()
            .filter(order -> order.orderId == orderId && order.instrumentId == instrumentId).findFirst();
        if (found.isEmpty())
        {
            return rejected(ResultCode.UNKNOWN_ORDER);
        }
        if (found.get().accountId != accountId)
        {
            return rejected(ResultCode.NOT_ORDER_OWNER);
        }
        final long remaining = found.get().remainingLots;
        removeResting(found.get());
        return new OrderReply(ResultCode.OK, orderId, OrderStatus.CLOSED, 0, remaining);
    }

    /**
     * Expires due GTD orders in (deadline, order id) order, as many as the engine fires per tick.
     */
    void tick(final long nowNs)
    {
        resting.stream()
            .filter(order -> order.timeInForce == TimeInForce.GTD && order.expireAtNs <= nowNs)
            .sorted(Comparator.<RestingOrder>comparingLong(order -> order.expireAtNs).thenComparing(TIME))
            .limit(alarmCatchUpLimit)
            .toList()
            .forEach(this::removeResting);
    }

    long balance(final long accountId, final int assetId)
    {
        return accounts.get(accountId)[0][assetId];
    }

    long reserved(final long accountId, final int assetId)
    {
        return accounts.get(accountId)[1][assetId];
    }

    Iterable<Long> accountIds()
    {
        return accounts.keySet();
    }

    /**
     * @return resting order id to its remaining lots.
     */
    Map<Long, Long> restingLots()
    {
        final Map<Long, Long> lots = new HashMap<>();
        resting.forEach(order -> lots.put(order.orderId, order.remainingLots));
        return lots;
    }

    private OrderReply submit(final RestingOrder taker, final long reservation)
    {
        final int slot = taker.reservedAsset();
        if (available(taker.accountId, slot) < reservation)
        {
            return rejected(taker.side == Side.BUY ? ResultCode.INSUFFICIENT_CASH : ResultCode.INSUFFICIENT_ASSET);
        }
        accounts.get(taker.accountId)[1][slot] += reservation;
        taker.reserved = reservation;
        taker.orderId = nextOrderId++;
        final long quantity = taker.remainingLots;
        final CloseReason stop = match(taker);
        final long filled = quantity - taker.remainingLots;
        if (taker.remainingLots == 0)
        {
            release(taker);
            return new OrderReply(ResultCode.OK, taker.orderId, OrderStatus.FILLED, filled, 0);
        }
        if (!taker.isMarket && taker.timeInForce != TimeInForce.IOC && stop == CloseReason.NO_CROSS)
        {
            resting.add(taker);
            return new OrderReply(ResultCode.OK, taker.orderId, OrderStatus.RESTING, filled, taker.remainingLots);
        }
        release(taker);
        return new OrderReply(ResultCode.OK, taker.orderId, OrderStatus.CLOSED, filled, 0);
    }

    private CloseReason match(final RestingOrder taker)
    {
        final Side makerSide = taker.side == Side.BUY ? Side.SELL : Side.BUY;
        final Comparator<RestingOrder> priority = Comparator.<RestingOrder>comparingLong(
            order -> makerSide == Side.SELL ? order.priceTicks : -order.priceTicks).thenComparing(TIME);
        for (int matches = 0; taker.remainingLots > 0; matches++)
        {
            final Optional<RestingOrder> best = resting.stream()
                .filter(order -> order.instrumentId == taker.instrumentId && order.side == makerSide)
                .min(priority);
            if (best.isEmpty() || !taker.crosses(best.get().priceTicks))
            {
                return CloseReason.NO_CROSS;
            }
            if (matches == TradingLimits.MATCHES_PER_ORDER_MAX)
            {
                return CloseReason.LIMIT;
            }
            final RestingOrder maker = best.get();
            if (maker.accountId == taker.accountId)
            {
                removeResting(maker);
                continue;
            }
            long lots = Math.min(taker.remainingLots, maker.remainingLots);
            if (taker.isMarket && taker.side == Side.BUY)
            {
                lots = Math.min(lots, taker.reserved / maker.priceTicks);
            }
            if (lots == 0)
            {
                return CloseReason.LIMIT;
            }
            settle(taker.side == Side.BUY ? taker : maker, taker.side == Side.BUY ? maker : taker, maker.priceTicks, lots);
            if (maker.remainingLots == 0)
            {
                resting.remove(maker);
            }
        }
        return CloseReason.NO_CROSS;
    }

    private void settle(final RestingOrder buyer, final RestingOrder seller, final long priceTicks, final long lots)
    {
        final int asset = buyer.instrumentId;
        final long notional = priceTicks * lots;
        final long consumed = buyer.isMarket ? notional : buyer.priceTicks * lots;
        final long[][] buyerAccount = accounts.get(buyer.accountId);
        final long[][] sellerAccount = accounts.get(seller.accountId);
        buyerAccount[0][0] -= notional;
        buyerAccount[1][0] -= consumed;
        buyerAccount[0][asset] += lots;
        sellerAccount[0][asset] -= lots;
        sellerAccount[1][asset] -= lots;
        sellerAccount[0][0] += notional;
        buyer.reserved -= consumed;
        seller.reserved -= lots;
        buyer.remainingLots -= lots;
        seller.remainingLots -= lots;
    }

    private void removeResting(final RestingOrder order)
    {
        resting.remove(order);
        release(order);
    }

    private void release(final RestingOrder order)
    {
        accounts.get(order.accountId)[1][order.reservedAsset()] -= order.reserved;
        order.reserved = 0;
    }

    private ResultCode checkEntry(final long accountId, final int instrumentId)
    {
        if (instrumentId < 1 || instrumentId > instrumentCount)
        {
            return ResultCode.UNKNOWN_INSTRUMENT;
        }
        return accounts.containsKey(accountId) ? ResultCode.OK : ResultCode.UNKNOWN_ACCOUNT;
    }

    private ResultCode checkTransfer(final long accountId, final int assetId, final long amount)
    {
        if (assetId < 0 || assetId > instrumentCount)
        {
            return ResultCode.UNKNOWN_ASSET;
        }
        if (!accounts.containsKey(accountId))
        {
            return ResultCode.UNKNOWN_ACCOUNT;
        }
        return amount <= 0 || amount > TradingLimits.ASSET_SUPPLY_MAX ? ResultCode.INVALID_AMOUNT : ResultCode.OK;
    }

    private long available(final long accountId, final int assetId)
    {
        final long[][] account = accounts.get(accountId);
        return account[0][assetId] - account[1][assetId];
    }

    private AccountReply balanceReply(final ResultCode result, final long accountId, final int assetId)
    {
        final long[][] account = accounts.get(accountId);
        final boolean known = account != null && assetId >= 0 && assetId <= instrumentCount;
        return new AccountReply(result, known ? account[0][assetId] : 0, known ? account[1][assetId] : 0);
    }

    private static OrderReply rejected(final ResultCode result)
    {
        return new OrderReply(result, 0, OrderStatus.REJECTED, 0, 0);
    }

    /**
     * Why matching stopped: nothing more crosses (the remainder may rest), or a limit (it may not).
     */
    private enum CloseReason
    {
        NO_CROSS, LIMIT
    }

    /**
     * A taker while it matches, then a resting order.
     */
    private static final class RestingOrder
    {
        final long accountId;
        final int instrumentId;
        final Side side;
        final long priceTicks;
        final long expireAtNs;
        TimeInForce timeInForce = TimeInForce.IOC;
        boolean isMarket;
        long orderId;
        long remainingLots;
        long reserved;

        RestingOrder(
            final long accountId, final int instrumentId, final Side side, final long priceTicks, final long remainingLots,
            final long expireAtNs)
        {
            this.accountId = accountId;
            this.instrumentId = instrumentId;
            this.side = side;
            this.priceTicks = priceTicks;
            this.remainingLots = remainingLots;
            this.expireAtNs = expireAtNs;
        }

        int reservedAsset()
        {
            return side == Side.BUY ? 0 : instrumentId;
        }

        boolean crosses(final long makerPriceTicks)
        {
            return isMarket || (side == Side.BUY ? makerPriceTicks <= priceTicks : makerPriceTicks >= priceTicks);
        }
    }
}
