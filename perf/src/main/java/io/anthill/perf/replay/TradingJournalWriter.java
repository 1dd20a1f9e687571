package io.anthill.perf.replay;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import io.anthill.codecs.journal.ClientCommandEncoder;
import io.anthill.codecs.journal.MessageHeaderEncoder;
import io.anthill.codecs.journal.TimerTickEncoder;
import io.anthill.engine.PartitionConfiguration;
import io.anthill.example.trading.InstrumentPartitioner;
import io.anthill.example.trading.TradingCommandEncoder;
import io.anthill.example.trading.TradingLimits;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import io.anthill.journal.DurabilityPolicy;
import io.anthill.journal.Journal;
import io.anthill.journal.JournalContext;
import org.agrona.ExpandableArrayBuffer;

/**
 * Writes a trading partition's journal directly, without running the business logic: seeded client commands (40 %
 * limit orders around a mid so books cross, 5 % market orders, 47 % cancels, deposits and withdrawals) encoded
 * as the engine's journal bodies, with a timer tick every {@link #TICK_EVERY_COMMANDS} commands so GTD orders expire
 * through their alarms. Appends with NONE durability: a 10-million-command journal takes seconds, and the same seed
 * gives the same bytes, so a replay's digests are comparable from run to run.
 */
final class TradingJournalWriter
{
    static final int TICK_EVERY_COMMANDS = 64;
    static final int ACCOUNT_COUNT = 1_000;
    static final long START_NS = 1_700_000_000_000_000_000L;
    static final long STEP_NS = 1_000;
    private static final long MID_PRICE_TICKS = 1_000;
    private static final long SESSION_ID = 1;
    private static final int BATCH_ENTRIES = 4_096;
    /** Orders the generator remembers to cancel: a power of two, indexed by order id. */
    private static final int RECENT_ORDERS = 1 << 16;
    /** Orders placed after the one a cancel aims at: how long an order may rest before its owner cancels it. */
    private static final int CANCEL_LAG_ORDERS = 256;

    private final int partitionId;
    private final int[] instruments;
    private final SplittableRandom random;
    private final TradingCommandEncoder commands = new TradingCommandEncoder();
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ClientCommandEncoder clientCommand = new ClientCommandEncoder();
    private final TimerTickEncoder timerTick = new TimerTickEncoder();
    private final ExpandableArrayBuffer body = new ExpandableArrayBuffer(256);
    private final int catchUpLimit = PartitionConfiguration.ALARM_CATCH_UP_LIMIT_DEFAULT;
    private long requestId;
    private long nowNs = START_NS;
    private long issuedOrderIds;
    private long cancelCursor = 1;
    private final long[] recentOrderAccounts = new long[RECENT_ORDERS];
    private final int[] recentOrderInstruments = new int[RECENT_ORDERS];

    TradingJournalWriter(final int partitionId, final int partitionCount, final int instrumentCount, final long seed)
    {
        this.partitionId = partitionId;
        this.instruments = IntStream.rangeClosed(1, instrumentCount)
            .filter(id -> InstrumentPartitioner.partitionOf(id, partitionCount) == partitionId).toArray();
        if (instruments.length == 0)
        {
            throw new IllegalArgumentException("partition " + partitionId + " owns no instrument of " + instrumentCount);
        }
        this.random = new SplittableRandom(seed ^ partitionId);
    }

    /**
     * Writes a journal of about the given number of entries (setup commands, workload commands and timer ticks).
     *
     * @param journalDir where the journal goes; must be empty or absent.
     * @param entries    entries to write.
     * @return the last op written.
     */
    long write(final Path journalDir, final long entries)
    {
        try (Journal journal = Journal.open(new JournalContext().directory(journalDir).partitionId(partitionId)
            .durability(DurabilityPolicy.NONE)))
        {
            if (journal.lastOp() != 0)
            {
                throw new IllegalStateException("journal " + journalDir + " is not empty");
            }
            for (long accountId = 1; accountId <= ACCOUNT_COUNT && journal.lastOp() < entries; accountId++)
            {
                append(journal, commands.openAccount(accountId));
                append(journal, commands.deposit(accountId, TradingLimits.CASH_ASSET_ID, 1_000_000_000L));
                for (final int instrumentId : instruments)
                {
                    append(journal, commands.deposit(accountId, instrumentId, 1_000_000L));
                }
            }
            long sinceTick = 0;
            while (journal.lastOp() < entries)
            {
                if (++sinceTick == TICK_EVERY_COMMANDS)
                {
                    sinceTick = 0;
                    appendTick(journal);
                }
                else
                {
                    append(journal, nextCommand());
                }
                if (journal.lastOp() % BATCH_ENTRIES == 0)
                {
                    journal.endBatch();
                }
            }
            journal.forceNow();
            return journal.lastOp();
        }
    }

    private int nextCommand()
    {
        final int instrumentId = instruments[random.nextInt(instruments.length)];
        final long accountId = 1 + random.nextInt(ACCOUNT_COUNT);
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        final long quantityLots = 1 + random.nextInt(50);
        final int roll = random.nextInt(100);
        if (roll < 40)
        {
            // buyers lean low and sellers high so that a book builds up, with enough overlap to trade
            final long offset = random.nextInt(21) - 10;
            final long priceTicks = MID_PRICE_TICKS + (side == Side.BUY ? offset - 2 : offset + 2);
            final int kind = random.nextInt(10);
            final TimeInForce timeInForce = kind == 0 ? TimeInForce.IOC : kind < 3 ? TimeInForce.GTD : TimeInForce.GTC;
            // the entry is stamped nowNs + STEP_NS: expire at least one step after it, or it expires on arrival
            final long expireAtNs = timeInForce == TimeInForce.GTD ? nowNs + (2 + random.nextInt(500)) * STEP_NS : 0;
            remember(accountId, instrumentId);
            return commands.limitOrder(accountId, requestId, instrumentId, side, timeInForce, priceTicks, quantityLots, expireAtNs);
        }
        if (roll < 45)
        {
            final long cashLimit = side == Side.BUY ? quantityLots * (MID_PRICE_TICKS + 20) : 0;
            remember(accountId, instrumentId);
            return commands.marketOrder(accountId, requestId, instrumentId, side, quantityLots, cashLimit);
        }
        if (roll < 92)
        {
            return cancelNext(accountId);
        }
        final int assetId = random.nextBoolean() ? TradingLimits.CASH_ASSET_ID : instrumentId;
        if (roll < 97)
        {
            return commands.deposit(accountId, assetId, assetId == 0 ? 1 + random.nextInt(50_000) : 1 + random.nextInt(50));
        }
        return commands.withdraw(accountId, assetId, 1 + random.nextInt(100));
    }

    /**
     * Order ids are dense per partition and every order gets one (funds are ample and no order is refused before its
     * id is given), so the generator knows them. A cursor cancels every order once, as its owner, in id order and
     * {@value #CANCEL_LAG_ORDERS} orders after it was placed; many are filled by then and the cancel is refused. Cancels outnumber orders,
     * so the cursor keeps up and the books stay bounded: deep orders that never trade would otherwise fill the books
     * to their limit and every later order would be refused, which is not the workload to measure.
     */
    private int cancelNext(final long accountId)
    {
        if (cancelCursor > issuedOrderIds - CANCEL_LAG_ORDERS)
        {
            return commands.deposit(accountId, TradingLimits.CASH_ASSET_ID, 1);
        }
        cancelCursor = Math.max(cancelCursor, issuedOrderIds - RECENT_ORDERS + 1);
        final long orderId = cancelCursor++;
        final int slot = (int)(orderId & (RECENT_ORDERS - 1));
        return commands.cancelOrder(recentOrderAccounts[slot], recentOrderInstruments[slot], orderId);
    }

    private void remember(final long accountId, final int instrumentId)
    {
        final int slot = (int)(++issuedOrderIds & (RECENT_ORDERS - 1));
        recentOrderAccounts[slot] = accountId;
        recentOrderInstruments[slot] = instrumentId;
    }

    private void append(final Journal journal, final int payloadLength)
    {
        nowNs += STEP_NS;
        requestId++;
        clientCommand.wrapAndApplyHeader(body, 0, header)
            .sessionId(SESSION_ID)
            .requestId(requestId)
            .putPayload(commands.buffer(), 0, payloadLength);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + clientCommand.encodedLength();
        journal.append(1, journal.lastOp() + 1, nowNs, body, 0, length);
    }

    private void appendTick(final Journal journal)
    {
        timerTick.wrapAndApplyHeader(body, 0, header).catchUpLimit(catchUpLimit);
        journal.append(1, journal.lastOp() + 1, nowNs, body, 0, MessageHeaderEncoder.ENCODED_LENGTH + timerTick.encodedLength());
    }
}
