package io.anthill.example.trading;

import io.anthill.example.trading.codecs.AccountSnapshotDecoder;
import io.anthill.example.trading.codecs.AccountSnapshotEncoder;
import io.anthill.example.trading.codecs.ExchangeSnapshotDecoder;
import io.anthill.example.trading.codecs.ExchangeSnapshotEncoder;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.OrderSnapshotDecoder;
import io.anthill.example.trading.codecs.OrderSnapshotEncoder;
import java.util.Arrays;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes and loads the whole state of an {@link Exchange} as SBE messages: one {@code ExchangeSnapshot}, then one
 * {@code AccountSnapshot} per account in id order, then one {@code OrderSnapshot} per resting order in price-time
 * priority, so loading re-appends each queue in its original order. Canonical: equal states give equal bytes.
 * Alarms belong to the engine and are snapshotted beside this. Snapshots are rare, so allocation here is fine.
 */
final class ExchangeSnapshotCodec
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ExchangeSnapshotEncoder exchangeEncoder = new ExchangeSnapshotEncoder();
    private final AccountSnapshotEncoder accountEncoder = new AccountSnapshotEncoder();
    private final OrderSnapshotEncoder orderEncoder = new OrderSnapshotEncoder();
    private final ExchangeSnapshotDecoder exchangeDecoder = new ExchangeSnapshotDecoder();
    private final AccountSnapshotDecoder accountDecoder = new AccountSnapshotDecoder();
    private final OrderSnapshotDecoder orderDecoder = new OrderSnapshotDecoder();

    int write(final Exchange exchange, final MutableDirectBuffer buffer, final int offset)
    {
        final OwnedInstruments instruments = exchange.instruments();
        final OrderBooks books = exchange.books();
        exchangeEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .nextOrderId(exchange.nextOrderId())
            .nextTradeId(exchange.matching().nextTradeId())
            .accountCount(exchange.accounts().size())
            .orderCount(books.restingCount());
        final ExchangeSnapshotEncoder.NetDepositsEncoder netDeposits = exchangeEncoder.netDepositsCount(instruments.slotCount());
        for (int slot = 0; slot < instruments.slotCount(); slot++)
        {
            netDeposits.next().assetId(instruments.assetIdOf(slot)).amount(exchange.accounts().netDeposits(slot));
        }
        int position = offset + MessageHeaderEncoder.ENCODED_LENGTH + exchangeEncoder.encodedLength();

        for (final long accountId : sortedAccountIds(exchange.accounts()))
        {
            position += writeAccount(exchange.accounts().find(accountId), instruments, buffer, position);
        }
        for (int slot = 1; slot < books.bookSlotCount(); slot++)
        {
            position += writeSide(books.bookAtSlot(slot).bids(), buffer, position);
            position += writeSide(books.bookAtSlot(slot).asks(), buffer, position);
        }
        return position - offset;
    }

    void load(final Exchange exchange, final DirectBuffer buffer, final int offset, final int length)
    {
        int position = offset + wrap(buffer, offset, ExchangeSnapshotDecoder.TEMPLATE_ID);
        exchangeDecoder.wrap(buffer, position, headerDecoder.blockLength(), headerDecoder.version());
        exchange.restoreNextOrderId(exchangeDecoder.nextOrderId());
        exchange.matching().restoreNextTradeId(exchangeDecoder.nextTradeId());
        final int accountCount = exchangeDecoder.accountCount();
        final int orderCount = exchangeDecoder.orderCount();
        for (final ExchangeSnapshotDecoder.NetDepositsDecoder netDeposits : exchangeDecoder.netDeposits())
        {
            exchange.accounts().restoreNetDeposits(exchange.instruments().slotOf(netDeposits.assetId()), netDeposits.amount());
        }
        position = exchangeDecoder.limit();

        for (int i = 0; i < accountCount; i++)
        {
            position += wrap(buffer, position, AccountSnapshotDecoder.TEMPLATE_ID);
            accountDecoder.wrap(buffer, position, headerDecoder.blockLength(), headerDecoder.version());
            final Account account = exchange.accounts().restore(accountDecoder.accountId());
            for (final AccountSnapshotDecoder.AssetsDecoder asset : accountDecoder.assets())
            {
                final int slot = exchange.instruments().slotOf(asset.assetId());
                account.addBalance(slot, asset.balance());
                account.addReserved(slot, asset.reserved());
            }
            position = accountDecoder.limit();
        }
        for (int i = 0; i < orderCount; i++)
        {
            position += wrap(buffer, position, OrderSnapshotDecoder.TEMPLATE_ID);
            orderDecoder.wrap(buffer, position, headerDecoder.blockLength(), headerDecoder.version());
            restoreOrder(exchange);
            position = orderDecoder.limit();
        }
        if (position - offset != length)
        {
            throw new IllegalStateException("exchange snapshot length " + length + " but decoded " + (position - offset));
        }
    }

    private int writeAccount(
        final Account account, final OwnedInstruments instruments, final MutableDirectBuffer buffer, final int offset)
    {
        accountEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder).accountId(account.accountId());
        final AccountSnapshotEncoder.AssetsEncoder assets = accountEncoder.assetsCount(account.slotCount());
        for (int slot = 0; slot < account.slotCount(); slot++)
        {
            assets.next().assetId(instruments.assetIdOf(slot)).balance(account.balance(slot)).reserved(account.reserved(slot));
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + accountEncoder.encodedLength();
    }

    private int writeSide(final BookSide side, final MutableDirectBuffer buffer, final int offset)
    {
        int position = offset;
        for (int depth = 0; depth < side.levelCount(); depth++)
        {
            for (Order order = side.levelFromBest(depth).head; order != null; order = order.next)
            {
                orderEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
                    .orderId(order.orderId)
                    .clientOrderId(order.clientOrderId)
                    .accountId(order.account.accountId())
                    .instrumentId(order.instrumentId)
                    .side(order.side)
                    .timeInForce(order.timeInForce)
                    .priceTicks(order.priceTicks)
                    .remainingLots(order.remainingLots)
                    .expireAtNs(order.expireAtNs);
                position += MessageHeaderEncoder.ENCODED_LENGTH + orderEncoder.encodedLength();
            }
        }
        return position - offset;
    }

    private void restoreOrder(final Exchange exchange)
    {
        final OrderBooks books = exchange.books();
        final Order order = books.acquire();
        order.orderId = orderDecoder.orderId();
        order.clientOrderId = orderDecoder.clientOrderId();
        order.account = exchange.accounts().find(orderDecoder.accountId());
        order.instrumentId = orderDecoder.instrumentId();
        order.assetSlot = exchange.instruments().slotOf(order.instrumentId);
        order.side = orderDecoder.side();
        order.timeInForce = orderDecoder.timeInForce();
        order.isMarket = false;
        order.priceTicks = orderDecoder.priceTicks();
        order.remainingLots = orderDecoder.remainingLots();
        order.expireAtNs = orderDecoder.expireAtNs();
        order.reservedAmount = RiskChecks.reservationOf(order, 0);
        books.rest(books.bookOf(order.instrumentId), order);
    }

    /**
     * Wraps and checks the header of the next message.
     *
     * @return the header's length.
     */
    private int wrap(final DirectBuffer buffer, final int offset, final int expectedTemplateId)
    {
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID || headerDecoder.templateId() != expectedTemplateId)
        {
            throw new IllegalStateException("exchange snapshot: expected template " + expectedTemplateId + " of schema " +
                MessageHeaderDecoder.SCHEMA_ID + " but found " + headerDecoder.templateId() + " of " + headerDecoder.schemaId());
        }
        return MessageHeaderDecoder.ENCODED_LENGTH;
    }

    private static long[] sortedAccountIds(final Accounts accounts)
    {
        final long[] ids = new long[accounts.size()];
        final int[] count = {0};
        accounts.forEach(account -> ids[count[0]++] = account.accountId());
        Arrays.sort(ids);
        return ids;
    }
}
