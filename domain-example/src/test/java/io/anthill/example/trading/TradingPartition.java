package io.anthill.example.trading;

import io.anthill.engine.PartitionConfiguration;
import io.anthill.engine.StateMachineHarness;
import io.anthill.example.trading.codecs.AccountResponseDecoder;
import io.anthill.example.trading.codecs.CommandRejectedDecoder;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.OrderResponseDecoder;
import io.anthill.example.trading.codecs.OrderStatus;
import io.anthill.example.trading.codecs.ResultCode;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One partition of the exchange under test: the state machine and its four read models driven through the engine's
 * {@link StateMachineHarness} (the same deterministic core the ring runs), with a client that encodes commands and
 * decodes responses. Time advances by {@link #STEP_NS} per command unless a test moves it.
 */
final class TradingPartition
{
    static final long START_NS = 1_700_000_000_000_000_000L;
    static final long STEP_NS = 1_000;
    static final long SESSION_ID = 7;

    final ExchangeContext context;
    final ExchangeStateMachine stateMachine;
    final BalancesProjection balances;
    final OpenOrdersProjection openOrders;
    final BookDepthProjection depth;
    final TradeTapeProjection tape;
    final StateMachineHarness harness;
    final TradingCommandEncoder commands = new TradingCommandEncoder();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AccountResponseDecoder accountResponse = new AccountResponseDecoder();
    private final OrderResponseDecoder orderResponse = new OrderResponseDecoder();
    private final CommandRejectedDecoder commandRejected = new CommandRejectedDecoder();
    private long requestId;
    private long nowNs = START_NS;
    private StateMachineHarness.Outcome lastOutcome;
    private JournalRecorder journal;

    TradingPartition(final ExchangeContext context)
    {
        this(context, true);
    }

    /**
     * @param withReadModels false for a partition restored from a snapshot: read models are rebuilt by replaying the
     *                       journal, never from the state machine's snapshot, so they would miss the history.
     */
    TradingPartition(final ExchangeContext context, final boolean withReadModels)
    {
        this.context = context.conclude();
        stateMachine = new ExchangeStateMachine(this.context);
        balances = new BalancesProjection(this.context);
        openOrders = new OpenOrdersProjection(this.context);
        depth = new BookDepthProjection(this.context);
        tape = new TradeTapeProjection();
        harness = withReadModels ?
            new StateMachineHarness(stateMachine, balances, openOrders, depth, tape) : new StateMachineHarness(stateMachine);
    }

    /**
     * The partition that owns instrument 1 of a deployment with one partition and the given instruments.
     */
    static TradingPartition single(final int instrumentCount)
    {
        return new TradingPartition(singleContext(instrumentCount), true);
    }

    static ExchangeContext singleContext(final int instrumentCount)
    {
        return new ExchangeContext().partitionId(0).partitionCount(1).instrumentCount(instrumentCount);
    }

    long nowNs()
    {
        return nowNs;
    }

    /**
     * Continues the client of another partition (its request ids and clock), for a partition restored from that
     * one's snapshot: the restored session table would refuse request ids it has seen.
     */
    void resumeAfter(final TradingPartition source)
    {
        requestId = source.requestId;
        nowNs = source.nowNs;
    }

    StateMachineHarness.Outcome lastOutcome()
    {
        return lastOutcome;
    }

    /**
     * From now on, journals every op and applies it from the journal.
     */
    void recordTo(final JournalRecorder journal)
    {
        this.journal = journal;
    }

    StateMachineHarness.Outcome submit(final int length)
    {
        nowNs += STEP_NS;
        requestId++;
        lastOutcome = journal == null ?
            harness.command(SESSION_ID, requestId, nowNs, commands.buffer(), 0, length) :
            journal.command(harness, SESSION_ID, requestId, nowNs, commands.buffer(), 0, length);
        if (!harness.stateMachineErrors().isEmpty())
        {
            throw new AssertionError("state machine threw", harness.stateMachineErrors().get(0));
        }
        return lastOutcome;
    }

    StateMachineHarness.Outcome tick(final long timestampNs)
    {
        nowNs = timestampNs;
        lastOutcome = journal == null ?
            harness.tick(timestampNs) : journal.tick(harness, timestampNs, PartitionConfiguration.ALARM_CATCH_UP_LIMIT_DEFAULT);
        return lastOutcome;
    }

    AccountReply openAccount(final long accountId)
    {
        return accountReply(submit(commands.openAccount(accountId)));
    }

    AccountReply deposit(final long accountId, final int assetId, final long amount)
    {
        return accountReply(submit(commands.deposit(accountId, assetId, amount)));
    }

    AccountReply withdraw(final long accountId, final int assetId, final long amount)
    {
        return accountReply(submit(commands.withdraw(accountId, assetId, amount)));
    }

    OrderReply limit(
        final long accountId, final int instrumentId, final Side side, final TimeInForce timeInForce, final long priceTicks,
        final long quantityLots)
    {
        return orderReply(submit(commands.limitOrder(accountId, requestId + 1, instrumentId, side, timeInForce, priceTicks,
            quantityLots, 0)));
    }

    OrderReply goodTillDate(
        final long accountId, final int instrumentId, final Side side, final long priceTicks, final long quantityLots,
        final long expireAtNs)
    {
        return orderReply(submit(commands.limitOrder(accountId, requestId + 1, instrumentId, side, TimeInForce.GTD, priceTicks,
            quantityLots, expireAtNs)));
    }

    OrderReply market(final long accountId, final int instrumentId, final Side side, final long quantityLots, final long cashLimit)
    {
        return orderReply(submit(commands.marketOrder(accountId, requestId + 1, instrumentId, side, quantityLots, cashLimit)));
    }

    OrderReply cancel(final long accountId, final int instrumentId, final long orderId)
    {
        return orderReply(submit(commands.cancelOrder(accountId, instrumentId, orderId)));
    }

    /**
     * Checks the state machine's invariants and that every read model agrees with the state it mirrors.
     */
    void validate()
    {
        stateMachine.validateInternalState();
        ReadModelChecks.validate(this);
    }

    AccountReply accountReply(final StateMachineHarness.Outcome outcome)
    {
        final UnsafeBuffer response = responseOf(outcome);
        if (header.templateId() == CommandRejectedDecoder.TEMPLATE_ID)
        {
            commandRejected.wrapAndApplyHeader(response, 0, header);
            return new AccountReply(commandRejected.result(), 0, 0);
        }
        accountResponse.wrapAndApplyHeader(response, 0, header);
        return new AccountReply(accountResponse.result(), accountResponse.balance(), accountResponse.reserved());
    }

    OrderReply orderReply(final StateMachineHarness.Outcome outcome)
    {
        final UnsafeBuffer response = responseOf(outcome);
        if (header.templateId() == CommandRejectedDecoder.TEMPLATE_ID)
        {
            commandRejected.wrapAndApplyHeader(response, 0, header);
            return new OrderReply(commandRejected.result(), 0, OrderStatus.REJECTED, 0, 0);
        }
        orderResponse.wrapAndApplyHeader(response, 0, header);
        return new OrderReply(orderResponse.result(), orderResponse.orderId(), orderResponse.status(),
            orderResponse.filledLots(), orderResponse.remainingLots());
    }

    private UnsafeBuffer responseOf(final StateMachineHarness.Outcome outcome)
    {
        if (!outcome.responded() || outcome.rejection() != null || outcome.response().length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new AssertionError("no response: " + outcome);
        }
        final UnsafeBuffer response = new UnsafeBuffer(outcome.response());
        header.wrap(response, 0);
        return response;
    }

    /**
     * The response to OpenAccount, Deposit or Withdraw.
     */
    record AccountReply(ResultCode result, long balance, long reserved)
    {
    }

    /**
     * The response to an order or cancel.
     */
    record OrderReply(ResultCode result, long orderId, OrderStatus status, long filledLots, long remainingLots)
    {
    }
}
