package io.anthill.example.trading;

import io.anthill.example.trading.codecs.CloseReason;
import io.anthill.example.trading.codecs.OrderStatus;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;

/**
 * The business of one partition as plain method calls: accounts, order entry, cancels and expiry. Knows nothing of
 * wire formats or the engine; {@link ExchangeStateMachine} decodes commands into these calls. Every method returns a
 * {@link ResultCode}: a rejection changes nothing and emits nothing.
 * <p>
 * An accepted order goes: reserve, {@code OrderAccepted}, match (trades settle at once), then either rest
 * ({@code OrderRested}, plus an expiry alarm for GTD) or close ({@code OrderClosed}, releasing what it still holds).
 */
final class Exchange
{
    private final OwnedInstruments instruments;
    private final TradingEventPublisher events;
    private final ExpiryAlarms expiries;
    private final Accounts accounts;
    private final OrderBooks books;
    private final MatchingEngine matching;
    private final OrderOutcome outcome = new OrderOutcome();
    private final int gtdOrdersMax;
    private long nextOrderId = 1;

    Exchange(final ExchangeContext context, final TradingEventPublisher events, final ExpiryAlarms expiries)
    {
        this.instruments = new OwnedInstruments(context);
        this.events = events;
        this.expiries = expiries;
        this.accounts = new Accounts(instruments, events, context.accountsMax());
        this.books = new OrderBooks(instruments, context.ordersMax(), context.priceLevelsMax());
        this.matching = new MatchingEngine(accounts, books, events, expiries);
        this.gtdOrdersMax = context.gtdOrdersMax();
    }

    ResultCode openAccount(final long accountId)
    {
        return accounts.open(accountId);
    }

    ResultCode deposit(final long accountId, final int assetId, final long amount)
    {
        final ResultCode check = checkAsset(accountId, assetId);
        return check != ResultCode.OK ? check : accounts.deposit(accounts.find(accountId), instruments.slotOf(assetId), amount);
    }

    ResultCode withdraw(final long accountId, final int assetId, final long amount)
    {
        final ResultCode check = checkAsset(accountId, assetId);
        return check != ResultCode.OK ? check : accounts.withdraw(accounts.find(accountId), instruments.slotOf(assetId), amount);
    }

    ResultCode placeLimitOrder(
        final long accountId,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final TimeInForce timeInForce,
        final long priceTicks,
        final long quantityLots,
        final long expireAtNs,
        final long nowNs)
    {
        outcome.reset(clientOrderId);
        final ResultCode check = RiskChecks.checkLimitOrder(timeInForce, priceTicks, quantityLots, expireAtNs, nowNs);
        if (check != ResultCode.OK)
        {
            return check;
        }
        final ResultCode entry = checkOrderEntry(accountId, instrumentId);
        if (entry != ResultCode.OK)
        {
            return entry;
        }
        if (timeInForce == TimeInForce.GTD && expiries.count() >= gtdOrdersMax)
        {
            return ResultCode.TOO_MANY_GTD_ORDERS;
        }
        final OrderBook book = books.bookOf(instrumentId);
        if (timeInForce != TimeInForce.IOC && !book.sideOf(side).canRestAt(priceTicks))
        {
            // matching never removes levels from the taker's own side, so this holds after matching too
            return ResultCode.TOO_MANY_PRICE_LEVELS;
        }

        final Order order = newOrder(accountId, clientOrderId, instrumentId, side, quantityLots);
        order.timeInForce = timeInForce;
        order.priceTicks = priceTicks;
        order.expireAtNs = expireAtNs;
        return submit(book, order, 0, nowNs);
    }

    ResultCode placeMarketOrder(
        final long accountId,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final long quantityLots,
        final long cashLimit,
        final long nowNs)
    {
        outcome.reset(clientOrderId);
        final ResultCode check = RiskChecks.checkMarketOrder(side, quantityLots, cashLimit);
        if (check != ResultCode.OK)
        {
            return check;
        }
        final ResultCode entry = checkOrderEntry(accountId, instrumentId);
        if (entry != ResultCode.OK)
        {
            return entry;
        }

        final Order order = newOrder(accountId, clientOrderId, instrumentId, side, quantityLots);
        order.timeInForce = TimeInForce.IOC;
        order.isMarket = true;
        return submit(books.bookOf(instrumentId), order, cashLimit, nowNs);
    }

    ResultCode cancelOrder(final long accountId, final int instrumentId, final long orderId)
    {
        outcome.reset(0);
        final ResultCode route = checkInstrument(instrumentId);
        if (route != ResultCode.OK)
        {
            return route;
        }
        final Order order = books.findResting(orderId);
        if (order == null || order.instrumentId != instrumentId)
        {
            return ResultCode.UNKNOWN_ORDER;
        }
        if (order.account.accountId() != accountId)
        {
            return ResultCode.NOT_ORDER_OWNER;
        }
        outcome.clientOrderId(order.clientOrderId);
        outcome.set(orderId, OrderStatus.CLOSED, 0, order.remainingLots);
        matching.closeResting(books.bookOf(instrumentId), order, CloseReason.CANCELLED);
        return ResultCode.OK;
    }

    /**
     * A GTD order's alarm fired. A missing order means it was filled or cancelled after the alarm was due but
     * before it fired in the log: nothing to do.
     *
     * @return true if an order expired.
     */
    boolean expireOrder(final long orderId, final int instrumentId)
    {
        final Order order = books.findResting(orderId);
        if (order == null || order.instrumentId != instrumentId || order.timeInForce != TimeInForce.GTD)
        {
            return false;
        }
        matching.closeResting(books.bookOf(instrumentId), order, CloseReason.EXPIRED);
        return true;
    }

    OrderOutcome outcome()
    {
        return outcome;
    }

    Accounts accounts()
    {
        return accounts;
    }

    OrderBooks books()
    {
        return books;
    }

    OwnedInstruments instruments()
    {
        return instruments;
    }

    MatchingEngine matching()
    {
        return matching;
    }

    long nextOrderId()
    {
        return nextOrderId;
    }

    void restoreNextOrderId(final long nextOrderId)
    {
        this.nextOrderId = nextOrderId;
    }

    private ResultCode submit(final OrderBook book, final Order order, final long cashLimit, final long nowNs)
    {
        final long reservation = RiskChecks.reservationOf(order, cashLimit);
        if (!accounts.reserve(order.account, order.reservedSlot(), reservation))
        {
            final ResultCode insufficient = RiskChecks.insufficientFor(order.side);
            books.release(order);
            return insufficient;
        }
        order.reservedAmount = reservation;
        order.orderId = nextOrderId++;
        events.orderAccepted(order, nowNs);

        final long filledLots = matching.match(book, order, nowNs);
        if (order.remainingLots == 0)
        {
            outcome.set(order.orderId, OrderStatus.FILLED, filledLots, 0);
            close(order, CloseReason.FILLED);
        }
        else if (order.mayRest() && matching.remainderReason() == CloseReason.UNFILLED_REMAINDER)
        {
            outcome.set(order.orderId, OrderStatus.RESTING, filledLots, order.remainingLots);
            books.rest(book, order);
            events.orderRested(order);
            if (order.timeInForce == TimeInForce.GTD)
            {
                expiries.schedule(order);
            }
        }
        else
        {
            outcome.set(order.orderId, OrderStatus.CLOSED, filledLots, 0);
            close(order, matching.remainderReason());
        }
        return ResultCode.OK;
    }

    /**
     * Closes a taker that will not rest: what is left of its reservation (a market buy's unspent cash limit, an IOC's
     * unfilled part) goes back to available.
     */
    private void close(final Order order, final CloseReason reason)
    {
        accounts.release(order.account, order.reservedSlot(), order.reservedAmount);
        order.reservedAmount = 0;
        events.orderClosed(order, reason, false);
        books.release(order);
    }

    private Order newOrder(
        final long accountId, final long clientOrderId, final int instrumentId, final Side side, final long quantityLots)
    {
        final Order order = books.acquire();
        order.clientOrderId = clientOrderId;
        order.account = accounts.find(accountId);
        order.instrumentId = instrumentId;
        order.assetSlot = instruments.slotOf(instrumentId);
        order.side = side;
        order.isMarket = false;
        order.priceTicks = 0;
        order.expireAtNs = 0;
        order.remainingLots = quantityLots;
        return order;
    }

    private ResultCode checkOrderEntry(final long accountId, final int instrumentId)
    {
        final ResultCode route = checkInstrument(instrumentId);
        if (route != ResultCode.OK)
        {
            return route;
        }
        if (accounts.find(accountId) == null)
        {
            return ResultCode.UNKNOWN_ACCOUNT;
        }
        return books.isFull() ? ResultCode.TOO_MANY_ORDERS : ResultCode.OK;
    }

    private ResultCode checkInstrument(final int instrumentId)
    {
        if (instrumentId <= 0 || !instruments.isKnownAsset(instrumentId))
        {
            return ResultCode.UNKNOWN_INSTRUMENT;
        }
        return instruments.slotOf(instrumentId) == OwnedInstruments.NOT_OWNED ? ResultCode.WRONG_PARTITION : ResultCode.OK;
    }

    private ResultCode checkAsset(final long accountId, final int assetId)
    {
        if (!instruments.isKnownAsset(assetId))
        {
            return ResultCode.UNKNOWN_ASSET;
        }
        if (instruments.slotOf(assetId) == OwnedInstruments.NOT_OWNED)
        {
            return ResultCode.WRONG_PARTITION;
        }
        return accounts.find(accountId) == null ? ResultCode.UNKNOWN_ACCOUNT : ResultCode.OK;
    }
}
