package io.anthill.perf.jmh;

import java.util.concurrent.TimeUnit;

import io.anthill.codecs.journal.ClientCommandEncoder;
import io.anthill.codecs.journal.MessageHeaderEncoder;
import io.anthill.engine.OfflineReplay;
import io.anthill.example.trading.ExchangeContext;
import io.anthill.example.trading.ExchangeStateMachine;
import io.anthill.example.trading.TradingCommandEncoder;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The matching engine through the partition's deterministic core ({@link OfflineReplay}: sessions, exactly-once,
 * the {@link ExchangeStateMachine} and its event encoding; no ring, no read models): a cycle of four limit orders
 * where each second order crosses the first, so every cycle rests two orders and makes two trades, and the two
 * accounts' positions return to where they started. Reported per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MatchingBenchmark
{
    private static final long SESSION_ID = 3;
    private static final long BUYER = 1;
    private static final long SELLER = 2;
    private static final long PRICE_TICKS = 1_000;

    private final TradingCommandEncoder commands = new TradingCommandEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ClientCommandEncoder clientCommand = new ClientCommandEncoder();
    private final ExpandableArrayBuffer body = new ExpandableArrayBuffer(256);
    private OfflineReplay core;
    private long op;

    /**
     * Opens and funds the two accounts.
     */
    @Setup
    public void setUp()
    {
        final ExchangeContext exchange = new ExchangeContext().partitionId(0).partitionCount(1).instrumentCount(1).conclude();
        core = new OfflineReplay(new ExchangeStateMachine(exchange));
        for (final long accountId : new long[] {BUYER, SELLER})
        {
            apply(commands.openAccount(accountId));
            apply(commands.deposit(accountId, 0, 1_000_000_000L));
            apply(commands.deposit(accountId, 1, 1_000_000L));
        }
    }

    /**
     * @return the state digest's input: the last op.
     */
    @Benchmark
    @OperationsPerInvocation(4)
    public long crossingOrders()
    {
        apply(commands.limitOrder(BUYER, op, 1, Side.BUY, TimeInForce.GTC, PRICE_TICKS, 10, 0));
        apply(commands.limitOrder(SELLER, op, 1, Side.SELL, TimeInForce.GTC, PRICE_TICKS, 10, 0));
        apply(commands.limitOrder(SELLER, op, 1, Side.BUY, TimeInForce.GTC, PRICE_TICKS, 10, 0));
        apply(commands.limitOrder(BUYER, op, 1, Side.SELL, TimeInForce.GTC, PRICE_TICKS, 10, 0));
        return core.appliedOp();
    }

    private void apply(final int payloadLength)
    {
        op++;
        clientCommand.wrapAndApplyHeader(body, 0, header).sessionId(SESSION_ID).requestId(op)
            .putPayload(commands.buffer(), 0, payloadLength);
        core.apply(op, op * 1_000, body, 0, MessageHeaderEncoder.ENCODED_LENGTH + clientCommand.encodedLength());
    }
}
