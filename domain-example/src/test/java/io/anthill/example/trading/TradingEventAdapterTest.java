package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anthill.example.trading.codecs.AccountOpenedDecoder;
import io.anthill.example.trading.codecs.AccountOpenedEncoder;
import io.anthill.example.trading.codecs.BalanceChangedDecoder;
import io.anthill.example.trading.codecs.BalanceChangedEncoder;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.OrderAcceptedDecoder;
import io.anthill.example.trading.codecs.OrderAcceptedEncoder;
import io.anthill.example.trading.codecs.OrderClosedDecoder;
import io.anthill.example.trading.codecs.OrderClosedEncoder;
import io.anthill.example.trading.codecs.OrderRestedDecoder;
import io.anthill.example.trading.codecs.OrderRestedEncoder;
import io.anthill.example.trading.codecs.TradeExecutedDecoder;
import io.anthill.example.trading.codecs.TradeExecutedEncoder;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The adapter delivers exactly the events a read model consumes, in order, and still fails on events that are not
 * the exchange's, whether or not the read model would consume them.
 */
class TradingEventAdapterTest
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @Test
    void shouldDeliverOnlyTheConsumedEventsInOrder()
    {
        final Recorder recorder = new Recorder();
        final TradingEventAdapter adapter = new TradingEventAdapter(recorder, BalanceChangedDecoder.TEMPLATE_ID,
            TradeExecutedDecoder.TEMPLATE_ID, OrderClosedDecoder.TEMPLATE_ID);

        adapter.onEvent(buffer, 0, accountOpened(1));
        adapter.onEvent(buffer, 0, balanceChanged(2));
        adapter.onEvent(buffer, 0, orderAccepted(3));
        adapter.onEvent(buffer, 0, orderRested(4));
        adapter.onEvent(buffer, 0, tradeExecuted(5));
        adapter.onEvent(buffer, 0, orderClosed(6));
        adapter.onEvent(buffer, 0, balanceChanged(7));

        assertEquals(List.of("balance 2", "trade 5", "closed 6", "balance 7"), recorder.calls);
    }

    @Test
    void shouldDeliverEveryEventToAReadModelThatConsumesAll()
    {
        final Recorder recorder = new Recorder();
        final TradingEventAdapter adapter = new TradingEventAdapter(recorder, AccountOpenedDecoder.TEMPLATE_ID,
            BalanceChangedDecoder.TEMPLATE_ID, OrderAcceptedDecoder.TEMPLATE_ID, OrderRestedDecoder.TEMPLATE_ID,
            TradeExecutedDecoder.TEMPLATE_ID, OrderClosedDecoder.TEMPLATE_ID);

        adapter.onEvent(buffer, 0, accountOpened(1));
        adapter.onEvent(buffer, 0, balanceChanged(2));
        adapter.onEvent(buffer, 0, orderAccepted(3));
        adapter.onEvent(buffer, 0, orderRested(4));
        adapter.onEvent(buffer, 0, tradeExecuted(5));
        adapter.onEvent(buffer, 0, orderClosed(6));

        assertEquals(List.of("opened 1", "balance 2", "accepted 3", "rested 4", "trade 5", "closed 6"), recorder.calls);
    }

    @Test
    void shouldFailOnAnUnknownTemplateEvenWhenNotConsumed()
    {
        final TradingEventAdapter adapter = new TradingEventAdapter(new Recorder(), TradeExecutedDecoder.TEMPLATE_ID);
        final int length = balanceChanged(2);
        header.wrap(buffer, 0).templateId(99);

        final IllegalStateException error = assertThrows(IllegalStateException.class, () -> adapter.onEvent(buffer, 0, length));
        assertEquals("unknown trading event template 99", error.getMessage());
    }

    @Test
    void shouldFailOnAForeignSchemaEvenWhenNotConsumed()
    {
        final TradingEventAdapter adapter = new TradingEventAdapter(new Recorder(), TradeExecutedDecoder.TEMPLATE_ID);
        final int length = balanceChanged(2);
        header.wrap(buffer, 0).schemaId(7);

        assertThrows(IllegalStateException.class, () -> adapter.onEvent(buffer, 0, length));
    }

    @Test
    void shouldRefuseToConsumeATemplateThatIsNotATradingEvent()
    {
        assertThrows(IllegalArgumentException.class, () -> new TradingEventAdapter(new Recorder(), 99));
        assertThrows(IllegalArgumentException.class, () -> new TradingEventAdapter(new Recorder(), -1));
    }

    private int accountOpened(final long accountId)
    {
        final AccountOpenedEncoder event = new AccountOpenedEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength();
    }

    private int balanceChanged(final long accountId)
    {
        final BalanceChangedEncoder event = new BalanceChangedEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(accountId);
        return MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength();
    }

    private int orderAccepted(final long orderId)
    {
        final OrderAcceptedEncoder event = new OrderAcceptedEncoder().wrapAndApplyHeader(buffer, 0, header).orderId(orderId);
        return MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength();
    }

    private int orderRested(final long orderId)
    {
        final OrderRestedEncoder event = new OrderRestedEncoder().wrapAndApplyHeader(buffer, 0, header).orderId(orderId);
        return MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength();
    }

    private int tradeExecuted(final long tradeId)
    {
        final TradeExecutedEncoder event = new TradeExecutedEncoder().wrapAndApplyHeader(buffer, 0, header).tradeId(tradeId);
        return MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength();
    }

    private int orderClosed(final long orderId)
    {
        final OrderClosedEncoder event = new OrderClosedEncoder().wrapAndApplyHeader(buffer, 0, header).orderId(orderId);
        return MessageHeaderEncoder.ENCODED_LENGTH + event.encodedLength();
    }

    /**
     * Overrides every handler method, so what it records is what the adapter chose to deliver.
     */
    private static final class Recorder implements TradingEventHandler
    {
        private final List<String> calls = new ArrayList<>();

        @Override
        public void onAccountOpened(final AccountOpenedDecoder event)
        {
            calls.add("opened " + event.accountId());
        }

        @Override
        public void onBalanceChanged(final BalanceChangedDecoder event)
        {
            calls.add("balance " + event.accountId());
        }

        @Override
        public void onOrderAccepted(final OrderAcceptedDecoder event)
        {
            calls.add("accepted " + event.orderId());
        }

        @Override
        public void onOrderRested(final OrderRestedDecoder event)
        {
            calls.add("rested " + event.orderId());
        }

        @Override
        public void onTradeExecuted(final TradeExecutedDecoder event)
        {
            calls.add("trade " + event.tradeId());
        }

        @Override
        public void onOrderClosed(final OrderClosedDecoder event)
        {
            calls.add("closed " + event.orderId());
        }
    }
}
