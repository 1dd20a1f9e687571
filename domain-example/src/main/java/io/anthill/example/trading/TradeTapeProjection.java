package io.anthill.example.trading;

import io.anthill.engine.Projection;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.QueryRecentTradesDecoder;
import io.anthill.example.trading.codecs.RecentTradesReportEncoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TradeExecutedDecoder;
import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Read model of the partition's most recent trades, the "tape", answering {@code QueryRecentTrades}. A ring of
 * {@link TradingLimits#TRADE_TAPE_CAPACITY} trades in primitive arrays: the oldest is overwritten, nothing grows.
 * <p>
 * The tape's order is its content, so its digest chains the trades it holds oldest first (plus the count ever
 * seen); computed on demand, at most the capacity's worth of work.
 */
public final class TradeTapeProjection implements Projection, TradingEventHandler
{
    private static final int CAPACITY = TradingLimits.TRADE_TAPE_CAPACITY;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int TRADE_LENGTH = 4 * Long.BYTES + Integer.BYTES + 1;

    private final long[] tradeIds = new long[CAPACITY];
    private final int[] instrumentIds = new int[CAPACITY];
    private final long[] pricesTicks = new long[CAPACITY];
    private final long[] quantitiesLots = new long[CAPACITY];
    private final Side[] takerSides = new Side[CAPACITY];
    private final long[] timestampsNs = new long[CAPACITY];
    private long tradeCount;
    private final TradingEventAdapter adapter = new TradingEventAdapter(this, TradeExecutedDecoder.TEMPLATE_ID);
    private final MessageHeaderDecoder queryHeader = new MessageHeaderDecoder();
    private final QueryRecentTradesDecoder query = new QueryRecentTradesDecoder();
    private final MessageHeaderEncoder reportHeader = new MessageHeaderEncoder();
    private final RecentTradesReportEncoder report = new RecentTradesReportEncoder();

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return "trading-trade-tape";
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onEvent(final long position, final DirectBuffer buffer, final int offset, final int length)
    {
        adapter.onEvent(buffer, offset, length);
    }

    /**
     * Answers {@code QueryRecentTrades} with a {@code RecentTradesReport}: up to the asked count of the newest trades
     * held, of one instrument or (instrument 0) of all, newest first.
     */
    @Override
    public int onQuery(
        final DirectBuffer buffer, final int offset, final int length, final MutableDirectBuffer response, final int responseOffset)
    {
        if (!Queries.isQuery(
            queryHeader, buffer, offset, length, QueryRecentTradesDecoder.TEMPLATE_ID, QueryRecentTradesDecoder.BLOCK_LENGTH))
        {
            return Queries.NOT_A_QUERY;
        }
        query.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, queryHeader.blockLength(), queryHeader.version());
        final int instrumentId = query.instrumentId();
        final int wanted = Math.max(0, Math.min(query.count(), CAPACITY));
        final int held = (int)Math.min(tradeCount, CAPACITY);

        int count = 0;
        for (int age = 0; age < held && count < wanted; age++)
        {
            count += matches(indexOfAge(age), instrumentId) ? 1 : 0;
        }
        report.wrapAndApplyHeader(response, responseOffset, reportHeader);
        final RecentTradesReportEncoder.TradesEncoder trades = report.tradesCount(count);
        for (int age = 0, written = 0; written < count; age++)
        {
            final int index = indexOfAge(age);
            if (matches(index, instrumentId))
            {
                trades.next()
                    .tradeId(tradeIds[index])
                    .instrumentId(instrumentIds[index])
                    .priceTicks(pricesTicks[index])
                    .quantityLots(quantitiesLots[index])
                    .takerSide(takerSides[index])
                    .timestampNs(timestampsNs[index]);
                written++;
            }
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long digest()
    {
        long digest = Digests.chain(0, tradeCount);
        final int held = (int)Math.min(tradeCount, CAPACITY);
        for (int age = held - 1; age >= 0; age--)
        {
            final int index = indexOfAge(age);
            final long trade = Digests.ofItem(tradeIds[index], instrumentIds[index], pricesTicks[index], quantitiesLots[index]);
            digest = Digests.chain(digest, trade);
            digest = Digests.chain(digest, Digests.chain(takerSides[index].value(), timestampsNs[index]));
        }
        return digest;
    }

    /**
     * Writes the count of trades ever seen, then the trades held, oldest first.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, tradeCount, ORDER);
        int position = offset + Long.BYTES;
        final int held = (int)Math.min(tradeCount, CAPACITY);
        for (int age = held - 1; age >= 0; age--)
        {
            final int index = indexOfAge(age);
            buffer.putLong(position, tradeIds[index], ORDER);
            buffer.putInt(position + Long.BYTES, instrumentIds[index], ORDER);
            buffer.putLong(position + Long.BYTES + Integer.BYTES, pricesTicks[index], ORDER);
            buffer.putLong(position + 2 * Long.BYTES + Integer.BYTES, quantitiesLots[index], ORDER);
            buffer.putLong(position + 3 * Long.BYTES + Integer.BYTES, timestampsNs[index], ORDER);
            buffer.putByte(position + 4 * Long.BYTES + Integer.BYTES, (byte)takerSides[index].value());
            position += TRADE_LENGTH;
        }
        return position - offset;
    }

    /**
     * Replaces the tape with the snapshot's: the trades go back to the slots they held, so the tape goes on
     * overwriting the same oldest one.
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        final long count = buffer.getLong(offset, ORDER);
        final int held = (int)Math.min(count, CAPACITY);
        if (length != Long.BYTES + held * TRADE_LENGTH)
        {
            throw new IllegalStateException("trade tape snapshot of " + length + " bytes for " + held + " trades");
        }
        tradeCount = count;
        int position = offset + Long.BYTES;
        for (int age = held - 1; age >= 0; age--)
        {
            final int index = indexOfAge(age);
            tradeIds[index] = buffer.getLong(position, ORDER);
            instrumentIds[index] = buffer.getInt(position + Long.BYTES, ORDER);
            pricesTicks[index] = buffer.getLong(position + Long.BYTES + Integer.BYTES, ORDER);
            quantitiesLots[index] = buffer.getLong(position + 2 * Long.BYTES + Integer.BYTES, ORDER);
            timestampsNs[index] = buffer.getLong(position + 3 * Long.BYTES + Integer.BYTES, ORDER);
            takerSides[index] = Side.get(buffer.getByte(position + 4 * Long.BYTES + Integer.BYTES));
            position += TRADE_LENGTH;
        }
    }

    @Override
    public void onTradeExecuted(final TradeExecutedDecoder event)
    {
        final int index = (int)(tradeCount % CAPACITY);
        tradeIds[index] = event.tradeId();
        instrumentIds[index] = event.instrumentId();
        pricesTicks[index] = event.priceTicks();
        quantitiesLots[index] = event.quantityLots();
        takerSides[index] = event.takerSide();
        timestampsNs[index] = event.timestampNs();
        tradeCount++;
    }

    /**
     * @return every trade seen, for tests.
     */
    long tradeCount()
    {
        return tradeCount;
    }

    /**
     * @param age 0 for the newest trade.
     */
    private int indexOfAge(final int age)
    {
        return (int)((tradeCount - 1 - age) % CAPACITY);
    }

    private boolean matches(final int index, final int instrumentId)
    {
        return instrumentId == 0 || instrumentIds[index] == instrumentId;
    }
}
