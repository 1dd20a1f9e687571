package io.anthill.example.trading;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anthill.engine.StateMachineHarness;
import io.anthill.example.trading.TradingPartition.OrderReply;
import io.anthill.example.trading.codecs.OrderStatus;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The schema is the contract with clients and with every journal ever written: commands encoded by version 1 of
 * schema 100 must decode the same forever, however the schema grows. These fixtures are version 1 bytes, written
 * out once from the schema's layout (little-endian header: block length, template id, schema id, version; then the
 * block); never regenerate them from the current encoders.
 */
class WireFormatFixtureTest
{
    private static final String OPEN_ACCOUNT_1_V1 = "08000100640001000100000000000000";
    private static final String DEPOSIT_10000_CASH_TO_1_V1 = "14000200640001000100000000000000000000001027000000000000";
    private static final String BUY_5_AT_100_GTC_V1 =
        "2e0004006400010001000000000000004d00000000000000010000000101640000000000000005000000000000000000000000000000";

    @Test
    void shouldApplyVersionOneCommandsAsEncodedByTheirFirstClients()
    {
        final TradingPartition exchange = TradingPartition.single(1);

        assertEquals(ResultCode.OK, exchange.accountReply(submitFixture(exchange, OPEN_ACCOUNT_1_V1)).result());
        assertEquals(10_000, exchange.accountReply(submitFixture(exchange, DEPOSIT_10000_CASH_TO_1_V1)).balance());
        final OrderReply reply = exchange.orderReply(submitFixture(exchange, BUY_5_AT_100_GTC_V1));

        assertEquals(new OrderReply(ResultCode.OK, 1, OrderStatus.RESTING, 0, 5), reply);
        assertEquals(500, exchange.balances.reserved(1, TradingLimits.CASH_ASSET_ID));
        exchange.validate();
    }

    @Test
    void shouldEncodeVersionOneCommandsWithThePinnedLayout()
    {
        final TradingCommandEncoder commands = new TradingCommandEncoder();

        assertEquals(BUY_5_AT_100_GTC_V1, hexOf(commands, commands.limitOrder(1, 77, 1, Side.BUY, TimeInForce.GTC, 100, 5, 0)));
        assertEquals(DEPOSIT_10000_CASH_TO_1_V1, hexOf(commands, commands.deposit(1, 0, 10_000)));
    }

    private static StateMachineHarness.Outcome submitFixture(final TradingPartition exchange, final String hex)
    {
        final byte[] bytes = HexFormat.of().parseHex(hex);
        exchange.commands.buffer().putBytes(0, bytes);
        return exchange.submit(bytes.length);
    }

    private static String hexOf(final TradingCommandEncoder commands, final int length)
    {
        final byte[] bytes = new byte[length];
        commands.buffer().getBytes(0, bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
