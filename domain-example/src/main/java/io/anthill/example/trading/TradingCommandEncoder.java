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
 * The client side of the wire contract: encodes the exchange's commands and queries (SBE schema 100) into one reused
 * buffer, so that a gateway or test builds a payload without allocating. Each method returns the encoded length; the
 * bytes are in {@link #buffer()} from offset 0 until the next call. Route each command with
 * {@link InstrumentPartitioner}. Not thread safe: one per client thread.
 */
public final class TradingCommandEncoder
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

    /**
     * @return the buffer the last command was encoded into, from offset 0.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @param accountId the account to open in the partition the command is sent to.
     * @return the encoded length.
     */
    public int openAccount(final long accountId)
    {
        openAccount.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + openAccount.encodedLength();
    }

    /**
     * @param accountId the account.
     * @param assetId   0 for cash, else the instrument whose asset it is.
     * @param amount    positive.
     * @return the encoded length.
     */
    public int deposit(final long accountId, final int assetId, final long amount)
    {
        deposit.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).assetId(assetId).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + deposit.encodedLength();
    }

    /**
     * @param accountId the account.
     * @param assetId   0 for cash, else the instrument whose asset it is.
     * @param amount    positive, at most what is available.
     * @return the encoded length.
     */
    public int withdraw(final long accountId, final int assetId, final long amount)
    {
        withdraw.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).assetId(assetId).amount(amount);
        return MessageHeaderEncoder.ENCODED_LENGTH + withdraw.encodedLength();
    }

    /**
     * @param accountId     the account.
     * @param clientOrderId the client's own reference, echoed in the response.
     * @param instrumentId  the instrument.
     * @param side          buy or sell.
     * @param timeInForce   GTC, IOC or GTD.
     * @param priceTicks    the limit price.
     * @param quantityLots  the quantity.
     * @param expireAtNs    GTD only: the deadline on the primary's clock; 0 otherwise.
     * @return the encoded length.
     */
    public int limitOrder(
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

    /**
     * @param accountId     the account.
     * @param clientOrderId the client's own reference, echoed in the response.
     * @param instrumentId  the instrument.
     * @param side          buy or sell.
     * @param quantityLots  the quantity.
     * @param cashLimit     buy only: the most cash it may spend; 0 for a sell.
     * @return the encoded length.
     */
    public int marketOrder(
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

    /**
     * @param accountId    the owner of the order.
     * @param instrumentId the order's instrument.
     * @param orderId      the id the partition gave the order.
     * @return the encoded length.
     */
    public int cancelOrder(final long accountId, final int instrumentId, final long orderId)
    {
        cancelOrder.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).instrumentId(instrumentId).orderId(orderId);
        return MessageHeaderEncoder.ENCODED_LENGTH + cancelOrder.encodedLength();
    }

    /**
     * @param accountId the account.
     * @return the encoded length of a query for {@link BalancesProjection}.
     */
    public int queryBalances(final long accountId)
    {
        queryBalances.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryBalances.encodedLength();
    }

    /**
     * @param accountId the account.
     * @return the encoded length of a query for {@link OpenOrdersProjection}.
     */
    public int queryOpenOrders(final long accountId)
    {
        queryOpenOrders.wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryOpenOrders.encodedLength();
    }

    /**
     * @param instrumentId the instrument.
     * @param levels       levels per side wanted.
     * @return the encoded length of a query for {@link BookDepthProjection}.
     */
    public int queryBookDepth(final int instrumentId, final int levels)
    {
        queryBookDepth.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).levels(levels);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryBookDepth.encodedLength();
    }

    /**
     * @param instrumentId the instrument, or 0 for all of the partition's.
     * @param count        trades wanted.
     * @return the encoded length of a query for {@link TradeTapeProjection}.
     */
    public int queryRecentTrades(final int instrumentId, final int count)
    {
        queryRecentTrades.wrapAndApplyHeader(buffer, 0, header).instrumentId(instrumentId).count(count);
        return MessageHeaderEncoder.ENCODED_LENGTH + queryRecentTrades.encodedLength();
    }
}
