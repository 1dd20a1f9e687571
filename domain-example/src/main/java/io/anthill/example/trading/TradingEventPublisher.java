package io.anthill.example.trading;

import io.anthill.engine.CommandContext;
import io.anthill.example.trading.codecs.AccountOpenedEncoder;
import io.anthill.example.trading.codecs.BalanceChangedEncoder;
import io.anthill.example.trading.codecs.CloseReason;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.OrderAcceptedEncoder;
import io.anthill.example.trading.codecs.OrderClosedEncoder;
import io.anthill.example.trading.codecs.OrderRestedEncoder;
import io.anthill.example.trading.codecs.TradeExecutedEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the exchange's events (SBE, schema 100) into one reused buffer and emits them through the context of the
 * command being applied. The only way state changes reach the read models.
 */
final class TradingEventPublisher
{
    /**
     * Larger than the largest event (header + TradeExecuted's block); checked by a test.
     */
    static final int EVENT_LENGTH_MAX = 128;

    /**
     * Bytes the engine adds in front of each event in a command's events buffer (its length), counted against the
     * partition's events limit.
     */
    static final int ENGINE_EVENT_FRAME_LENGTH = Integer.BYTES;

    /**
     * Most bytes of events one command can emit, framing included. A match emits at most a trade, four balance
     * changes (both sides of cash and asset) and the maker's close; the taker adds its reservation, acceptance, and
     * a close with the release of what it still holds. Alarms emit less: one close and one release per expiry.
     */
    static final int EVENTS_LENGTH_PER_COMMAND_MAX =
        TradingLimits.MATCHES_PER_ORDER_MAX *
        (framed(TradeExecutedEncoder.BLOCK_LENGTH) + 4 * framed(BalanceChangedEncoder.BLOCK_LENGTH) +
        framed(OrderClosedEncoder.BLOCK_LENGTH)) +
        2 * framed(BalanceChangedEncoder.BLOCK_LENGTH) + framed(OrderAcceptedEncoder.BLOCK_LENGTH) +
        framed(OrderClosedEncoder.BLOCK_LENGTH);

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EVENT_LENGTH_MAX]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AccountOpenedEncoder accountOpened = new AccountOpenedEncoder();
    private final BalanceChangedEncoder balanceChanged = new BalanceChangedEncoder();
    private final OrderAcceptedEncoder orderAccepted = new OrderAcceptedEncoder();
    private final OrderRestedEncoder orderRested = new OrderRestedEncoder();
    private final TradeExecutedEncoder tradeExecuted = new TradeExecutedEncoder();
    private final OrderClosedEncoder orderClosed = new OrderClosedEncoder();
    private CommandContext context;

    /**
     * Points the publisher at the context of the command about to be applied.
     */
    void bind(final CommandContext context)
    {
        if (this.context != context)
        {
            this.context = context; // bound once per command: skip the store (and its GC barrier) when unchanged
        }
    }

    void accountOpened(final long accountId)
    {
        accountOpened.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        emit(accountOpened.encodedLength());
    }

    void balanceChanged(final long accountId, final int assetId, final long balance, final long reserved)
    {
        balanceChanged.wrapAndApplyHeader(buffer, 0, header)
            .accountId(accountId)
            .assetId(assetId)
            .balance(balance)
            .reserved(reserved);
        emit(balanceChanged.encodedLength());
    }

    void orderAccepted(final Order order, final long timestampNs)
    {
        orderAccepted.wrapAndApplyHeader(buffer, 0, header)
            .orderId(order.orderId)
            .clientOrderId(order.clientOrderId)
            .accountId(order.account.accountId())
            .instrumentId(order.instrumentId)
            .side(order.side)
            .priceTicks(order.isMarket ? 0 : order.priceTicks)
            .quantityLots(order.remainingLots)
            .timestampNs(timestampNs);
        emit(orderAccepted.encodedLength());
    }

    void orderRested(final Order order)
    {
        orderRested.wrapAndApplyHeader(buffer, 0, header)
            .orderId(order.orderId)
            .accountId(order.account.accountId())
            .instrumentId(order.instrumentId)
            .side(order.side)
            .priceTicks(order.priceTicks)
            .remainingLots(order.remainingLots);
        emit(orderRested.encodedLength());
    }

    void tradeExecuted(
        final long tradeId, final long priceTicks, final long lots, final Order maker, final Order taker, final long timestampNs)
    {
        tradeExecuted.wrapAndApplyHeader(buffer, 0, header)
            .tradeId(tradeId)
            .instrumentId(taker.instrumentId)
            .priceTicks(priceTicks)
            .quantityLots(lots)
            .takerSide(taker.side)
            .makerOrderId(maker.orderId)
            .takerOrderId(taker.orderId)
            .makerAccountId(maker.account.accountId())
            .takerAccountId(taker.account.accountId())
            .timestampNs(timestampNs);
        emit(tradeExecuted.encodedLength());
    }

    void orderClosed(final Order order, final CloseReason reason, final boolean wasResting)
    {
        orderClosed.wrapAndApplyHeader(buffer, 0, header)
            .orderId(order.orderId)
            .accountId(order.account.accountId())
            .instrumentId(order.instrumentId)
            .reason(reason)
            .wasResting((short)(wasResting ? 1 : 0))
            .side(order.side)
            .priceTicks(order.isMarket ? 0 : order.priceTicks)
            .remainingLots(order.remainingLots);
        emit(orderClosed.encodedLength());
    }

    private static int framed(final int blockLength)
    {
        return ENGINE_EVENT_FRAME_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + blockLength;
    }

    private void emit(final int bodyLength)
    {
        context.emitEvent(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + bodyLength);
    }
}
