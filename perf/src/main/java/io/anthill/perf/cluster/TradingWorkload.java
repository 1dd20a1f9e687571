package io.anthill.perf.cluster;

import io.anthill.example.trading.InstrumentPartitioner;
import io.anthill.example.trading.codecs.Side;
import io.anthill.example.trading.codecs.TimeInForce;
import io.anthill.example.trading.TradingCommandEncoder;
import io.anthill.example.trading.TradingLimits;
import io.anthill.perf.harness.Workload;

/**
 * The trading mix the product is specified against: orders, cancels and deposits as writes, balances and book depth as
 * reads, over many accounts and instruments. Payloads are a pure function of the correlation id, so runs repeat.
 * Orders are limit orders around a fixed mid price, half buys and half sells, so a fair share of them trade.
 */
final class TradingWorkload
{
    static final String ORDER = "order";
    static final String CANCEL = "cancel";
    static final String DEPOSIT = "deposit";
    static final String BALANCE = "balance";
    static final String BOOK_DEPTH = "bookDepth";
    /** Partitions of the embedded cluster; an external one has its cluster file's. */
    static final int PARTITION_COUNT = 2;
    static final int INSTRUMENT_COUNT = 4;
    static final int ACCOUNT_COUNT = 64;
    static final long MID_PRICE_TICKS = 1_000;
    static final long OPENING_CASH = 1_000_000_000L;
    static final long OPENING_ASSET = 1_000_000L;
    /** Read model indexes, in the order the trading domain lists them. */
    static final int BALANCES_READ_MODEL = 0;
    static final int BOOK_DEPTH_READ_MODEL = 2;

    /**
     * Sends one set-up write (already encoded in {@link #encoder()}'s buffer) and waits for its answer.
     */
    @FunctionalInterface
    interface SetupWriter
    {
        void write(int partitionId, long requestId, int length);
    }

    private final TradingCommandEncoder encoder = new TradingCommandEncoder();
    private final int partitionCount;

    private TradingWorkload(final int partitionCount)
    {
        this.partitionCount = partitionCount;
    }

    /**
     * @param partitionCount the deployment's partitions: which partition owns an instrument depends on it.
     */
    static TradingWorkload create(final int partitionCount)
    {
        return new TradingWorkload(partitionCount);
    }

    int partitionCount()
    {
        return partitionCount;
    }

    /**
     * Opens every account in every partition and funds it with cash and with each instrument the partition owns, so
     * that orders pass the risk checks; request ids 1, 2, ... in the order written.
     */
    void openAndFundAccounts(final SetupWriter writer)
    {
        long requestId = 1;
        for (int p = 0; p < partitionCount; p++)
        {
            for (long account = 1; account <= ACCOUNT_COUNT; account++)
            {
                writer.write(p, requestId++, encoder.openAccount(account));
                writer.write(p, requestId++, encoder.deposit(account, TradingLimits.CASH_ASSET_ID, OPENING_CASH));
                for (int instrument = 1; instrument <= INSTRUMENT_COUNT; instrument++)
                {
                    if (partitionOfInstrument(instrument) == p)
                    {
                        writer.write(p, requestId++, encoder.deposit(account, instrument, OPENING_ASSET));
                    }
                }
            }
        }
    }

    /**
     * @param writesPerSec total writes per second: 60 % orders, 30 % cancels, 10 % deposits.
     * @param readsPerSec  total reads per second: 75 % balances, 25 % book depth.
     * @param sessions     client sessions.
     * @return the workload.
     */
    static Workload workload(final long writesPerSec, final long readsPerSec, final int sessions)
    {
        final Workload.Builder builder = Workload.builder().sessions(sessions).partitions(INSTRUMENT_COUNT)
            .write(ORDER, writesPerSec * 6 / 10)
            .write(CANCEL, writesPerSec * 3 / 10)
            .write(DEPOSIT, writesPerSec / 10);
        if (readsPerSec > 0)
        {
            builder.read(BALANCE, readsPerSec * 3 / 4).read(BOOK_DEPTH, readsPerSec / 4);
        }
        return builder.build();
    }

    TradingCommandEncoder encoder()
    {
        return encoder;
    }

    static int instrumentOf(final int partitionIndex)
    {
        return partitionIndex % INSTRUMENT_COUNT + 1;
    }

    int partitionOfInstrument(final int instrumentId)
    {
        return InstrumentPartitioner.partitionOf(instrumentId, partitionCount);
    }

    /**
     * @return the read model a read operation is answered by.
     */
    static int readModelOf(final String operation)
    {
        return BALANCE.equals(operation) ? BALANCES_READ_MODEL : BOOK_DEPTH_READ_MODEL;
    }

    static long accountOf(final long correlationId)
    {
        return correlationId % ACCOUNT_COUNT + 1;
    }

    /**
     * Encodes the write or read an operation name stands for; the bytes are in {@link #encoder()}'s buffer.
     *
     * @return the encoded length.
     */
    int encode(final String operation, final long correlationId, final int instrumentId)
    {
        final long account = accountOf(correlationId);
        switch (operation)
        {
            case ORDER:
                final boolean buy = (correlationId & 1) == 0;
                final long offset = correlationId % 5;
                return encoder.limitOrder(account, correlationId, instrumentId, buy ? Side.BUY : Side.SELL,
                    (correlationId & 2) == 0 ? TimeInForce.GTC : TimeInForce.IOC,
                    buy ? MID_PRICE_TICKS - 2 + offset : MID_PRICE_TICKS + 2 - offset, 1 + correlationId % 3, 0);
            case CANCEL:
                return encoder.cancelOrder(account, instrumentId, Math.max(1, correlationId / 3));
            case DEPOSIT:
                return encoder.deposit(account, TradingLimits.CASH_ASSET_ID, 1_000);
            case BALANCE:
                return encoder.queryBalances(account);
            case BOOK_DEPTH:
                return encoder.queryBookDepth(instrumentId, 5);
            default:
                throw new IllegalArgumentException("unknown trading operation " + operation);
        }
    }
}
