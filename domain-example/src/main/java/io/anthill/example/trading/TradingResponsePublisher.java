package io.anthill.example.trading;

import io.anthill.engine.CommandContext;
import io.anthill.example.trading.codecs.AccountResponseEncoder;
import io.anthill.example.trading.codecs.CommandRejectedEncoder;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.OrderResponseEncoder;
import io.anthill.example.trading.codecs.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the one response of each command into a reused buffer and gives it to the context.
 */
final class TradingResponsePublisher
{
    private static final int RESPONSE_LENGTH_MAX = 64;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RESPONSE_LENGTH_MAX]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final AccountResponseEncoder accountResponse = new AccountResponseEncoder();
    private final OrderResponseEncoder orderResponse = new OrderResponseEncoder();
    private final CommandRejectedEncoder commandRejected = new CommandRejectedEncoder();

    void account(
        final CommandContext context,
        final ResultCode result,
        final long accountId,
        final int assetId,
        final long balance,
        final long reserved)
    {
        accountResponse.wrapAndApplyHeader(buffer, 0, header)
            .result(result)
            .accountId(accountId)
            .assetId(assetId)
            .balance(balance)
            .reserved(reserved);
        context.respond(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + accountResponse.encodedLength());
    }

    void order(final CommandContext context, final ResultCode result, final OrderOutcome outcome)
    {
        orderResponse.wrapAndApplyHeader(buffer, 0, header)
            .result(result)
            .orderId(outcome.orderId())
            .clientOrderId(outcome.clientOrderId())
            .status(outcome.status())
            .filledLots(outcome.filledLots())
            .remainingLots(outcome.remainingLots());
        context.respond(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + orderResponse.encodedLength());
    }

    void rejected(final CommandContext context, final ResultCode result, final int templateId)
    {
        commandRejected.wrapAndApplyHeader(buffer, 0, header)
            .result(result)
            .templateId(templateId);
        context.respond(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + commandRejected.encodedLength());
    }
}
