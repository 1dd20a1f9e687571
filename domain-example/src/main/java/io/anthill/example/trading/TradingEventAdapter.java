package io.anthill.example.trading;

import io.anthill.example.trading.codecs.AccountOpenedDecoder;
import io.anthill.example.trading.codecs.BalanceChangedDecoder;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.OrderAcceptedDecoder;
import io.anthill.example.trading.codecs.OrderClosedDecoder;
import io.anthill.example.trading.codecs.OrderRestedDecoder;
import io.anthill.example.trading.codecs.TradeExecutedDecoder;
import org.agrona.DirectBuffer;

/**
 * Decodes one event of the exchange (SBE, schema 100) into a call on a {@link TradingEventHandler}, with the one
 * decode idiom: wrap the header, check schema id and version, switch on template id, wrap the body with the header's
 * block length and version. Events come from our own state machine through the journal, so a foreign or newer one
 * means a deployment error (an older read model on a newer journal), and fails loudly rather than being skipped.
 * <p>
 * Each read model names the events it consumes; the others are checked as above and then dropped here, without a
 * call. Every read model sees every event, and most ignore most of them (none consumes {@code OrderAccepted}), so
 * this removes more than half of the handler calls; it also leaves each handler method with one or two
 * implementations, which the JIT inlines, where calling every method on all four read models made each call site
 * megamorphic (a virtual call per event and read model, in the replay profile's top frames).
 */
final class TradingEventAdapter
{
    private static final long KNOWN_TEMPLATES = bit(AccountOpenedDecoder.TEMPLATE_ID) | bit(BalanceChangedDecoder.TEMPLATE_ID) |
        bit(OrderAcceptedDecoder.TEMPLATE_ID) | bit(OrderRestedDecoder.TEMPLATE_ID) | bit(TradeExecutedDecoder.TEMPLATE_ID) |
        bit(OrderClosedDecoder.TEMPLATE_ID);

    private static final int UINT16_MASK = 0xFFFF;
    private static final int HEADER_BLOCK_LENGTH_SHIFT = Byte.SIZE * MessageHeaderDecoder.blockLengthEncodingOffset();
    private static final int HEADER_TEMPLATE_ID_SHIFT = Byte.SIZE * MessageHeaderDecoder.templateIdEncodingOffset();
    private static final int HEADER_SCHEMA_ID_SHIFT = Byte.SIZE * MessageHeaderDecoder.schemaIdEncodingOffset();
    private static final int HEADER_VERSION_SHIFT = Byte.SIZE * MessageHeaderDecoder.versionEncodingOffset();

    private final TradingEventHandler handler;
    private final long consumedTemplates;
    private final AccountOpenedDecoder accountOpened = new AccountOpenedDecoder();
    private final BalanceChangedDecoder balanceChanged = new BalanceChangedDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final OrderRestedDecoder orderRested = new OrderRestedDecoder();
    private final TradeExecutedDecoder tradeExecuted = new TradeExecutedDecoder();
    private final OrderClosedDecoder orderClosed = new OrderClosedDecoder();

    /**
     * @param handler            receives the events it consumes.
     * @param consumedTemplateIds the template ids of the events whose handler methods the handler overrides.
     */
    TradingEventAdapter(final TradingEventHandler handler, final int... consumedTemplateIds)
    {
        this.handler = handler;
        long consumed = 0;
        for (final int templateId : consumedTemplateIds)
        {
            if ((KNOWN_TEMPLATES & bit(templateId)) == 0)
            {
                throw new IllegalArgumentException("not a trading event template: " + templateId);
            }
            consumed |= bit(templateId);
        }
        this.consumedTemplates = consumed;
    }

    private static long bit(final int templateId)
    {
        return templateId >= 0 && templateId < Long.SIZE ? 1L << templateId : 0;
    }

    void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalStateException("event of " + length + " bytes is shorter than a message header");
        }
        // the four uint16 fields of the header in one read: one bounds check where four getShort calls made four, and
        // every read model decodes the header of every event (the replay profile's Preconditions frames)
        final long word = buffer.getLong(offset, MessageHeaderDecoder.BYTE_ORDER);
        final int blockLength = (int)(word >>> HEADER_BLOCK_LENGTH_SHIFT) & UINT16_MASK;
        final int templateId = (int)(word >>> HEADER_TEMPLATE_ID_SHIFT) & UINT16_MASK;
        final int schemaId = (int)(word >>> HEADER_SCHEMA_ID_SHIFT) & UINT16_MASK;
        final int version = (int)(word >>> HEADER_VERSION_SHIFT) & UINT16_MASK;
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID || version > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            throw new IllegalStateException("not an event of trading schema " + MessageHeaderDecoder.SCHEMA_ID + " v" +
                MessageHeaderDecoder.SCHEMA_VERSION + ": schema " + schemaId + " v" + version);
        }
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        if ((consumedTemplates & bit(templateId)) == 0)
        {
            if ((KNOWN_TEMPLATES & bit(templateId)) == 0)
            {
                throw new IllegalStateException("unknown trading event template " + templateId);
            }
            return;
        }
        switch (templateId)
        {
            case AccountOpenedDecoder.TEMPLATE_ID ->
                handler.onAccountOpened(accountOpened.wrap(buffer, bodyOffset, blockLength, version));
            case BalanceChangedDecoder.TEMPLATE_ID ->
                handler.onBalanceChanged(balanceChanged.wrap(buffer, bodyOffset, blockLength, version));
            case OrderAcceptedDecoder.TEMPLATE_ID ->
                handler.onOrderAccepted(orderAccepted.wrap(buffer, bodyOffset, blockLength, version));
            case OrderRestedDecoder.TEMPLATE_ID ->
                handler.onOrderRested(orderRested.wrap(buffer, bodyOffset, blockLength, version));
            case TradeExecutedDecoder.TEMPLATE_ID ->
                handler.onTradeExecuted(tradeExecuted.wrap(buffer, bodyOffset, blockLength, version));
            case OrderClosedDecoder.TEMPLATE_ID ->
                handler.onOrderClosed(orderClosed.wrap(buffer, bodyOffset, blockLength, version));
            default -> throw new IllegalStateException("unknown trading event template " + templateId);
        }
    }
}
