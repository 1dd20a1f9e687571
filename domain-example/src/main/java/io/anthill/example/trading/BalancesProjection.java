package io.anthill.example.trading;

import io.anthill.engine.Projection;
import io.anthill.example.trading.codecs.AccountOpenedDecoder;
import io.anthill.example.trading.codecs.BalanceChangedDecoder;
import io.anthill.example.trading.codecs.BalancesReportEncoder;
import io.anthill.example.trading.codecs.MessageHeaderDecoder;
import io.anthill.example.trading.codecs.MessageHeaderEncoder;
import io.anthill.example.trading.codecs.QueryBalancesDecoder;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Read model of every sub-account of a partition: balance and reserved amount per asset, answering
 * {@code QueryBalances}. It exists so that balance reads never touch the state machine's thread; it needs no
 * arithmetic of its own because every change arrives as a {@code BalanceChanged} event with the new absolute values.
 * <p>
 * Its digest is kept incrementally as a sum of one term per (account, asset), so it costs nothing per event and is
 * independent of hash-map iteration order. Its snapshot lists the accounts in id order, so equal states write equal
 * bytes.
 */
public final class BalancesProjection implements Projection, TradingEventHandler
{
    private static final float LOAD_FACTOR = 0.5f;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    /**
     * Per asset slot, an account's row holds the balance, the reserved part, and for the digest the slot's cached
     * {@link Digests#prefixOf} (account, asset) and its current term: a change subtracts the cached term and chains
     * the new values on the prefix, rather than mixing all four values twice.
     */
    private static final int BALANCE = 0;
    private static final int RESERVED = 1;
    private static final int PREFIX = 2;
    private static final int TERM = 3;
    private static final int STRIDE = 4;

    private final OwnedInstruments instruments;
    private final Long2ObjectHashMap<long[]> balancesByAccount;
    private final TradingEventAdapter adapter = new TradingEventAdapter(this, AccountOpenedDecoder.TEMPLATE_ID,
        BalanceChangedDecoder.TEMPLATE_ID);
    private final MessageHeaderDecoder queryHeader = new MessageHeaderDecoder();
    private final QueryBalancesDecoder query = new QueryBalancesDecoder();
    private final MessageHeaderEncoder reportHeader = new MessageHeaderEncoder();
    private final BalancesReportEncoder report = new BalancesReportEncoder();
    private long digest;

    /**
     * @param context the settings of the partition whose events this read model consumes.
     */
    public BalancesProjection(final ExchangeContext context)
    {
        final ExchangeContext concluded = context.isConcluded() ? context : context.conclude();
        instruments = new OwnedInstruments(concluded);
        balancesByAccount = new Long2ObjectHashMap<>(Math.min(2 * concluded.accountsMax() + 2, 1 << 20), LOAD_FACTOR);
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public String name()
    {
        return "trading-balances";
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
     * Answers {@code QueryBalances} with a {@code BalancesReport}: every asset of the account, cash first.
     */
    @Override
    public int onQuery(
        final DirectBuffer buffer, final int offset, final int length, final MutableDirectBuffer response, final int responseOffset)
    {
        if (!Queries.isQuery(queryHeader, buffer, offset, length, QueryBalancesDecoder.TEMPLATE_ID, QueryBalancesDecoder.BLOCK_LENGTH))
        {
            return Queries.NOT_A_QUERY;
        }
        query.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, queryHeader.blockLength(), queryHeader.version());
        final long accountId = query.accountId();
        final long[] balances = balancesByAccount.get(accountId);
        report.wrapAndApplyHeader(response, responseOffset, reportHeader).accountId(accountId).known((short)(balances == null ? 0 : 1));
        final int slotCount = balances == null ? 0 : instruments.slotCount();
        final BalancesReportEncoder.AssetsEncoder assets = report.assetsCount(slotCount);
        for (int slot = 0; slot < slotCount; slot++)
        {
            assets.next().assetId(instruments.assetIdOf(slot)).balance(balances[STRIDE * slot + BALANCE])
                .reserved(balances[STRIDE * slot + RESERVED]);
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public long digest()
    {
        return digest;
    }

    /**
     * Writes the slot count, the account count, then per account in id order its id and (balance, reserved) per slot.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer, final int offset)
    {
        final long[] accountIds = new long[balancesByAccount.size()];
        int count = 0;
        for (final Long2ObjectHashMap<long[]>.KeyIterator keys = balancesByAccount.keySet().iterator(); keys.hasNext(); )
        {
            accountIds[count++] = keys.nextLong();
        }
        Arrays.sort(accountIds);
        final int slotCount = instruments.slotCount();
        buffer.putInt(offset, slotCount, ORDER);
        buffer.putInt(offset + Integer.BYTES, count, ORDER);
        int position = offset + 2 * Integer.BYTES;
        for (final long accountId : accountIds)
        {
            buffer.putLong(position, accountId, ORDER);
            position += Long.BYTES;
            final long[] balances = balancesByAccount.get(accountId);
            for (int slot = 0; slot < slotCount; slot++)
            {
                buffer.putLong(position, balances[STRIDE * slot + BALANCE], ORDER);
                buffer.putLong(position + Long.BYTES, balances[STRIDE * slot + RESERVED], ORDER);
                position += 2 * Long.BYTES;
            }
        }
        return position - offset;
    }

    /**
     * Replaces every account's balances with the snapshot's, and recomputes the digest from them.
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        final int slotCount = buffer.getInt(offset, ORDER);
        if (slotCount != instruments.slotCount())
        {
            throw new IllegalStateException("balances snapshot of " + slotCount + " asset slots, this partition owns " +
                instruments.slotCount());
        }
        final int count = buffer.getInt(offset + Integer.BYTES, ORDER);
        balancesByAccount.clear();
        digest = 0;
        int position = offset + 2 * Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            final long accountId = buffer.getLong(position, ORDER);
            position += Long.BYTES;
            final long[] balances = new long[STRIDE * slotCount];
            for (int slot = 0; slot < slotCount; slot++)
            {
                digest += set(balances, accountId, slot, buffer.getLong(position, ORDER),
                    buffer.getLong(position + Long.BYTES, ORDER));
                position += 2 * Long.BYTES;
            }
            balancesByAccount.put(accountId, balances);
        }
        if (position != offset + length)
        {
            throw new IllegalStateException("balances snapshot of " + length + " bytes held " + (position - offset));
        }
    }

    /**
     * Opening an account allocates its row: an administrative rate, not the order path.
     */
    @Override
    public void onAccountOpened(final AccountOpenedDecoder event)
    {
        final long accountId = event.accountId();
        final long[] balances = new long[STRIDE * instruments.slotCount()];
        balancesByAccount.put(accountId, balances);
        for (int slot = 0; slot < instruments.slotCount(); slot++)
        {
            digest += set(balances, accountId, slot, 0, 0);
        }
    }

    @Override
    public void onBalanceChanged(final BalanceChangedDecoder event)
    {
        final long accountId = event.accountId();
        final long[] balances = balancesByAccount.get(accountId);
        final int slot = instruments.slotOf(event.assetId());
        if (balances == null || slot == OwnedInstruments.NOT_OWNED)
        {
            throw new IllegalStateException("balance of unknown account " + accountId + " or asset " + event.assetId());
        }
        final int base = STRIDE * slot;
        final long term = Digests.termOf(balances[base + PREFIX], event.balance(), event.reserved());
        digest += term - balances[base + TERM];
        balances[base + BALANCE] = event.balance();
        balances[base + RESERVED] = event.reserved();
        balances[base + TERM] = term;
    }

    /**
     * @return the balance of an asset, for tests; 0 if unknown.
     */
    long balance(final long accountId, final int assetId)
    {
        final long[] balances = balancesByAccount.get(accountId);
        return balances == null ? 0 : balances[STRIDE * instruments.slotOf(assetId) + BALANCE];
    }

    /**
     * @return the reserved part of an asset, for tests; 0 if unknown.
     */
    long reserved(final long accountId, final int assetId)
    {
        final long[] balances = balancesByAccount.get(accountId);
        return balances == null ? 0 : balances[STRIDE * instruments.slotOf(assetId) + RESERVED];
    }

    /**
     * Fills a slot of a new row: its values, digest prefix and term.
     *
     * @return the slot's term, {@link Digests#ofItem}(account, asset, balance, reserved).
     */
    private long set(final long[] balances, final long accountId, final int slot, final long balance, final long reserved)
    {
        final int base = STRIDE * slot;
        final long prefix = Digests.prefixOf(accountId, instruments.assetIdOf(slot));
        final long term = Digests.termOf(prefix, balance, reserved);
        balances[base + BALANCE] = balance;
        balances[base + RESERVED] = reserved;
        balances[base + PREFIX] = prefix;
        balances[base + TERM] = term;
        return term;
    }
}
