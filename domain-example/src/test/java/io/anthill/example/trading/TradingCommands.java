package io.anthill.example.trading;

import io.anthill.example.trading.codecs.CancelOrderEncoder;
import io.anthill.example.trading.codecs.DepositEncoder;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.OpenAccountEncoder;
import io.anthill.example.trading.codecs.PlaceLimitOrderEncoder;
import io.anthill.example.trading.codecs.PlaceMarketOrderEncoder;
import io.anthill.example.trading.codecs.QueryBalancesEncoder;
import io.anthill.example.trading.codecs.QueryBookDepthEncoder;
import io.anthill.example.trading.codecs.QueryOpenOrdersEncoder;
import io.anthill.example.trading.codecs.QueryRecentTradesEncoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import io.anthill.example.trading.codecs.WithdrawEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the exchange's commands and queries as a client would, into one reused buffer. Each method returns the
 * encoded length; the bytes are in {@link #buffer()} from offset 0 until the next call.
 */
final class TradingCommands
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final OpenAccountEncoder openAccount = new OpenAccountEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final WithdrawEncoder withdraw = new WithdrawEncoder();
    private final PlaceLimitOrderEncoder limitOrder = new PlaceLimitOrderEncoder();
    private final PlaceMarketOrderEncoder marketOrder = new PlaceMarketOrderEncoder();
    private final CancelOrderEncoder cancelOrder = new CancelOrderEncoder();
    private final QueryBalancesEncoder queryBalances = new QueryBalancesEncoder();
    private final QueryOpenOrdersEncoder queryOpenOrders = new QueryOpenOrdersEncoder();
    private final QueryBookDepthEncoder queryBookDepth = new QueryBookDepthEncoder();
    private final QueryRecentTradesEncoder queryRecentTrades = new QueryRecentTradesEncoder();

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int openAccount(final long accountId)
    {
        openAccount.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + openAccount.encodedLength();
    }

    int deposit(final long accountId, final int assetId, final long amount)
    {
        deposit.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).assetId(assetId).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + deposit.encodedLength();
    }

    int withdraw(final long accountId, final int assetId, final long amount)
    {
        withdraw.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).assetId(assetId).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + withdraw.encodedLength();
    }

    int limitOrder(
        final long accountId,
        final long clientOrderId,
        final int instrumentId,
        final Side side,
        final TimeInForce timeInForce,
        final long priceTicks,
        final long quantityLots,
        final long expireAtNs)
    {
        limitOrder.wrapAndApplyHeader(buffer, 0, header)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .side(side)
            .timeInForce(timeInForce)
            .priceTicks(priceTicks)
            .quantityLots(quantityLots)
            .expireAtNs(expireAtNs);
        return MessageHeaderEncoder.ENCODED_LENGTH + limitOrder.encodedLength();
    }

    int marketOrder(
        final long accountId, final long clientOrderId, final int instrumentId, final Side side, final long quantityLots,
        final long cashLimit)
    {
        marketOrder.wrapAndApplyHeader(buffer, 0, header)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .instrumentId(instrumentId)
            .side(side)
            .quantityLots(quantityLots)
            .cashLimit(cashLimit);
        return MessageHeaderEncoder.ENCODED_LENGTH + marketOrder.encodedLength();
    }

    int cancelOrder(final long accountId, final int instrumentId, final long orderId)
    {
        cancelOrder.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).instrumentId(instrumentId).orderId(orderId);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancelOrder.encodedLength();
    }

    int queryBalances(final long accountId)
    {
        queryBalances.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryBalances.encodedLength();
    }

    int queryOpenOrders(final long accountId)
    {
        queryOpenOrders.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryOpenOrders.encodedLength();
    }

    int queryBookDepth(final int instrumentId, final int levels)
    {
        queryBookDepth.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).levels(levels);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryBookDepth.encodedLength();
    }

    int queryRecentTrades(final int instrumentId, final int count)
    {
        queryRecentTrades.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).count(count);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryRecentTrades.encodedLength();
    }
}
