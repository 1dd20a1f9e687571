package io.anthill.example.trading;

import io.anthill.engine.Command;
import io.anthill.engine.CommandContext;
import io.anthill.engine.StateMachine;
import io.anthill.example.trading.codecs.CancelOrderDecoder;
import io.anthill.example.trading.codecs.DepositDecoder;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.OpenAccountDecoder;
import io.anthill.example.trading.codecs.PlaceLimitOrderDecoder;
import io.anthill.example.trading.codecs.PlaceMarketOrderDecoder;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import io.anthill.example.trading.codecs.WithdrawDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The example exchange as an engine {@link StateMachine}: one instance per partition. This class is the adapter
 * between the engine and the business: it decodes each command (SBE, schema 100) with the one decode idiom (wrap the
 * header, check schema id and version, switch on template id, wrap the body with the header's block length and
 * version), calls {@link Exchange}, and encodes the one response. Nothing here allocates per command.
 * <p>
 * Deterministic by construction: the only time it reads is {@link Command#timestampNs()}; no clock, no randomness,
 * no I/O, no logging. Rejections are responses with a {@link ResultCode}; exceptions mean bugs.
 */
public final class ExchangeStateMachine implements StateMachine
{
    /**
     * Format of {@link #writeSnapshot}; a newer build must still load every older version it shipped.
     */
    public static final int SNAPSHOT_FORMAT_VERSION = 1;

    /**
     * Most bytes of events one command or one expiry alarm emits (the engine's per-event framing included), bounded by
     * {@link TradingLimits#MATCHES_PER_ORDER_MAX}. The partition's {@code eventsLengthMax} must be at least this (the
     * engine's default is), or a large sweep would exceed it and be answered INTERNAL_ERROR.
     */
    public static final int EVENTS_LENGTH_PER_COMMAND_MAX = TradingEventPublisher.EVENTS_LENGTH_PER_COMMAND_MAX;

    private static final int TIME_IN_FORCE_RAW_LIMIT = 256;
    private static final TimeInForce[] TIME_IN_FORCE_BY_RAW = timeInForceByRaw();

    private final ExchangeContext exchangeContext;
    private final TradingEventPublisher events = new TradingEventPublisher();
    private final ExpiryAlarms expiries = new ExpiryAlarms();
    private final TradingResponsePublisher responses = new TradingResponsePublisher();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OpenAccountDecoder openAccount = new OpenAccountDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final WithdrawDecoder withdraw = new WithdrawDecoder();
    private final PlaceLimitOrderDecoder limitOrder = new PlaceLimitOrderDecoder();
    private final PlaceMarketOrderDecoder marketOrder = new PlaceMarketOrderDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
    private final ExchangeSnapshotCodec snapshotCodec = new ExchangeSnapshotCodec();
    private Exchange exchange;

    /**
     * @param context the partition's settings; concluded here if the caller has not.
     */
    public ExchangeStateMachine(final ExchangeContext context)
    {
        exchangeContext = context.isConcluded() ? context : context.conclude();
        exchange = new Exchange(exchangeContext, events, expiries);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onCommand(final Command command, final CommandContext context)
    {
        events.bind(context);
        expiries.bind(context.alarms());
        final DirectBuffer buffer = command.payload();
        final int offset = command.payloadOffset();
        final int length = command.payloadLength();
        final ResultCode headerCheck = checkHeader(buffer, offset, length);
        if (headerCheck != ResultCode.OK)
        {
            responses.rejected(context, headerCheck, length < MessageHeaderDecoder.ENCODED_LENGTH ? 0 : header.templateId());
            return;
        }
        dispatch(header.templateId(), buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
            length - MessageHeaderDecoder.ENCODED_LENGTH, command.timestampNs(), context);
    }

    /**
     * Expires the GTD order the alarm was scheduled for; see {@link ExpiryAlarms}.
     */
    @Override
    public void onAlarm(
        final long alarmId,
        final long deadlineNs,
        final DirectBuffer metadata,
        final int metadataOffset,
        final int metadataLength,
        final CommandContext context)
    {
        events.bind(context);
        expiries.bind(context.alarms());
        exchange.expireOrder(alarmId, ExpiryAlarms.instrumentIdOf(metadata, metadataOffset, metadataLength));
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int snapshotFormatVersion()
    {
        return SNAPSHOT_FORMAT_VERSION;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        return snapshotCodec.write(exchange, buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length, final int formatVersion)
    {
        if (formatVersion != SNAPSHOT_FORMAT_VERSION)
        {
            throw new IllegalArgumentException("unknown exchange snapshot format version " + formatVersion);
        }
        final Exchange loaded = new Exchange(exchangeContext, events, expiries);
        snapshotCodec.load(loaded, buffer, offset, length);
        exchange = loaded;
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long stateDigest()
    {
        return ExchangeDigest.of(exchange);
    }

    /**
     * Checks every invariant of the state: conservation, no negative or over-reserved balance, books sorted and
     * uncrossed, reservations equal to what resting orders hold. O(state): tests call it after every command;
     * production may call it at checkpoints.
     *
     * @throws IllegalStateException describing the first violation.
     */
    public void validateInternalState()
    {
        ExchangeInvariants.validate(exchange);
    }

    Exchange exchange()
    {
        return exchange;
    }

    private void dispatch(
        final int templateId,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long timestampNs,
        final CommandContext context)
    {
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (templateId)
        {
            case OpenAccountDecoder.TEMPLATE_ID -> onOpenAccount(openAccount.wrap(buffer, offset, blockLength, version), context);
            case DepositDecoder.TEMPLATE_ID -> onDeposit(deposit.wrap(buffer, offset, blockLength, version), context);
            case WithdrawDecoder.TEMPLATE_ID -> onWithdraw(withdraw.wrap(buffer, offset, blockLength, version), context);
            case PlaceLimitOrderDecoder.TEMPLATE_ID ->
                onLimitOrder(limitOrder.wrap(buffer, offset, blockLength, version), timestampNs, context);
            case PlaceMarketOrderDecoder.TEMPLATE_ID ->
                onMarketOrder(marketOrder.wrap(buffer, offset, blockLength, version), timestampNs, context);
            case CancelOrderDecoder.TEMPLATE_ID -> onCancelOrder(cancelOrder.wrap(buffer, offset, blockLength, version), context);
            default -> throw new IllegalStateException("template " + templateId + " has a block length but no handler");
        }
    }

    /**
     * The first half of the decode idiom: wraps the header and checks schema, version, template and block length.
     *
     * @return OK if {@link #dispatch} may wrap the body, else why not.
     */
    private ResultCode checkHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            return ResultCode.MALFORMED_COMMAND;
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return ResultCode.UNKNOWN_COMMAND;
        }
        if (header.version() > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            // a newer client's fields would be silently ignored, and replicas must never guess
            return ResultCode.UNSUPPORTED_VERSION;
        }
        final int blockLengthMin = blockLengthOf(header.templateId());
        if (blockLengthMin < 0)
        {
            return ResultCode.UNKNOWN_COMMAND;
        }
        // a short block would make the decoder read past the payload
        final int blockLength = header.blockLength();
        return blockLength < blockLengthMin || blockLength > length - MessageHeaderDecoder.ENCODED_LENGTH ?
            ResultCode.MALFORMED_COMMAND : ResultCode.OK;
    }

    /**
     * @return the block length of a command of this schema version, or -1 if the template is not a command.
     */
    private static int blockLengthOf(final int templateId)
    {
        return switch (templateId)
        {
            case OpenAccountDecoder.TEMPLATE_ID -> OpenAccountDecoder.BLOCK_LENGTH;
            case DepositDecoder.TEMPLATE_ID -> DepositDecoder.BLOCK_LENGTH;
            case WithdrawDecoder.TEMPLATE_ID -> WithdrawDecoder.BLOCK_LENGTH;
            case PlaceLimitOrderDecoder.TEMPLATE_ID -> PlaceLimitOrderDecoder.BLOCK_LENGTH;
            case PlaceMarketOrderDecoder.TEMPLATE_ID -> PlaceMarketOrderDecoder.BLOCK_LENGTH;
            case CancelOrderDecoder.TEMPLATE_ID -> CancelOrderDecoder.BLOCK_LENGTH;
            default -> -1;
        };
    }

    private void onOpenAccount(final OpenAccountDecoder decoder, final CommandContext context)
    {
        final long accountId = decoder.accountId();
        respondBalance(context, exchange.openAccount(accountId), accountId, TradingLimits.CASH_ASSET_ID);
    }

    private void onDeposit(final DepositDecoder decoder, final CommandContext context)
    {
        final ResultCode result = exchange.deposit(decoder.accountId(), decoder.assetId(), decoder.amount());
        respondBalance(context, result, decoder.accountId(), decoder.assetId());
    }

    private void onWithdraw(final WithdrawDecoder decoder, final CommandContext context)
    {
        final ResultCode result = exchange.withdraw(decoder.accountId(), decoder.assetId(), decoder.amount());
        respondBalance(context, result, decoder.accountId(), decoder.assetId());
    }

    private void onLimitOrder(final PlaceLimitOrderDecoder decoder, final long timestampNs, final CommandContext context)
    {
        final Side side = sideOf(decoder.sideRaw());
        final TimeInForce timeInForce = timeInForceOf(decoder.timeInForceRaw());
        final ResultCode result = side == null || timeInForce == null ?
            malformedOrder(decoder.clientOrderId()) :
            exchange.placeLimitOrder(
                decoder.accountId(),
                decoder.clientOrderId(),
                decoder.instrumentId(),
                side,
                timeInForce,
                decoder.priceTicks(),
                decoder.quantityLots(),
                decoder.expireAtNs(),
                timestampNs);
        responses.order(context, result, exchange.outcome());
    }

    private void onMarketOrder(final PlaceMarketOrderDecoder decoder, final long timestampNs, final CommandContext context)
    {
        final Side side = sideOf(decoder.sideRaw());
        final ResultCode result = side == null ?
            malformedOrder(decoder.clientOrderId()) :
            exchange.placeMarketOrder(
                decoder.accountId(),
                decoder.clientOrderId(),
                decoder.instrumentId(),
                side,
                decoder.quantityLots(),
                decoder.cashLimit(),
                timestampNs);
        responses.order(context, result, exchange.outcome());
    }

    private void onCancelOrder(final CancelOrderDecoder decoder, final CommandContext context)
    {
        final ResultCode result = exchange.cancelOrder(decoder.accountId(), decoder.instrumentId(), decoder.orderId());
        responses.order(context, result, exchange.outcome());
    }

    private ResultCode malformedOrder(final long clientOrderId)
    {
        exchange.outcome().reset(clientOrderId);
        return ResultCode.MALFORMED_COMMAND;
    }

    private void respondBalance(final CommandContext context, final ResultCode result, final long accountId, final int assetId)
    {
        final Account account = exchange.accounts().find(accountId);
        final int slot = exchange.instruments().slotOf(assetId);
        final boolean known = account != null && slot != OwnedInstruments.NOT_OWNED;
        responses.account(
            context, result, accountId, assetId, known ? account.balance(slot) : 0, known ? account.reserved(slot) : 0);
    }

    /**
     * Raw wire values, not {@code Side.get}: an unknown value is a malformed command, not an exception.
     */
    private static Side sideOf(final short raw)
    {
        return raw == Side.BUY.value() ? Side.BUY : raw == Side.SELL.value() ? Side.SELL : null;
    }

    private static TimeInForce timeInForceOf(final short raw)
    {
        return raw >= 0 && raw < TIME_IN_FORCE_BY_RAW.length ? TIME_IN_FORCE_BY_RAW[raw] : null;
    }

    /**
     * Every value of the schema but NULL_VAL, indexed by its raw value: one load per limit order, where scanning
     * {@code TimeInForce.values()} showed in the replay profile.
     */
    private static TimeInForce[] timeInForceByRaw()
    {
        final TimeInForce[] byRaw = new TimeInForce[TIME_IN_FORCE_RAW_LIMIT];
        for (final TimeInForce timeInForce : TimeInForce.values())
        {
            if (timeInForce != TimeInForce.NULL_VAL && timeInForce.value() >= 0 && timeInForce.value() < byRaw.length)
            {
                byRaw[timeInForce.value()] = timeInForce;
            }
        }
        return byRaw;
    }
}
