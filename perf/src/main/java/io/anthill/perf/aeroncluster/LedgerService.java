package io.anthill.perf.aeroncluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.ImageFragmentAssembler;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ledger Aeron Cluster runs in the side-by-side comparison: accounts with balances, deposits and transfers that
 * each carry a request id, and an answer to the sending session for every command, so a client measures the same
 * round trip (ingress, consensus, service, egress) as our engine's quorum write.
 *
 * <p>Conservation: deposits are the only source of money and transfers move it, so the sum of all balances always
 * equals the total deposited; {@link #digest()} pairs that with an order-independent hash of every balance. A
 * {@link LedgerMessages#DIGEST} command makes every member, at the same log position, write its digest to
 * {@value #DIGEST_FILE} (request id, log position, accounts, total deposited, digest) so the harness can check that
 * all three replicas hold the same state. Balances are
 * snapshotted and restored, so a member restarted from its cluster directory recovers them.
 */
final class LedgerService implements ClusteredService
{
    /** Written by every member on a {@link LedgerMessages#DIGEST} command, in its member directory. */
    static final String DIGEST_FILE = "ledger-digest.txt";
    /** Printed to the member's log when a snapshot was written. */
    static final String SNAPSHOT_LINE = "ledger-snapshot-taken";
    /** Printed to the member's log when the ledger was restored from a snapshot at start. */
    static final String RESTORED_LINE = "ledger-restored-from-snapshot";
    /** Limit: balances per snapshot fragment, so each stays far below the snapshot channel's message limit. */
    static final int SNAPSHOT_BALANCES_PER_FRAGMENT = 256;
    /** Limit: idle cycles an answer waits under back-pressure before it is dropped (and counted). */
    static final int RESPONSE_ATTEMPTS_MAX = 10_000;
    private static final long MISSING = Long.MIN_VALUE;
    private static final int SNAPSHOT_COUNT_OFFSET = 4;
    private static final int SNAPSHOT_TOTAL_OFFSET = 8;
    private static final int SNAPSHOT_HEADER_LENGTH = 16;
    private static final int SNAPSHOT_ENTRY_LENGTH = 16;

    private final Path memberDir;
    private final Long2LongHashMap balances = new Long2LongHashMap(MISSING);
    private final UnsafeBuffer responseBuffer = new UnsafeBuffer(new byte[LedgerMessages.RESPONSE_LENGTH]);
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(
        SNAPSHOT_HEADER_LENGTH + SNAPSHOT_BALANCES_PER_FRAGMENT * SNAPSHOT_ENTRY_LENGTH);
    private Cluster cluster;
    private IdleStrategy idleStrategy;
    private long totalDeposited;
    private long droppedResponses;

    /**
     * @param memberDir where {@value #DIGEST_FILE} is written.
     */
    LedgerService(final Path memberDir)
    {
        this.memberDir = memberDir;
    }

    @Override
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.idleStrategy = cluster.idleStrategy();
        if (null != snapshotImage)
        {
            // a message of 256 balances is larger than the MTU: reassemble it before reading
            final FragmentHandler restorer = new ImageFragmentAssembler(this::onSnapshotFragment);
            while (!snapshotImage.isEndOfStream())
            {
                idleStrategy.idle(snapshotImage.poll(restorer, 16));
            }
            // to the member's log, where the harness test looks for it: recovery did start from the snapshot
            System.out.println(RESTORED_LINE + " " + balances.size() + " balances, " + totalDeposited + " deposited");
        }
    }

    @Override
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    @Override
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
    }

    @Override
    public void onSessionMessage(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int offset, final int length,
        final Header header)
    {
        if (length < LedgerMessages.COMMAND_LENGTH)
        {
            return;
        }
        final long requestId = buffer.getLong(offset + LedgerMessages.REQUEST_ID_OFFSET);
        final long account = buffer.getLong(offset + LedgerMessages.ACCOUNT_OFFSET);
        final long otherAccount = buffer.getLong(offset + LedgerMessages.OTHER_ACCOUNT_OFFSET);
        final long amount = buffer.getLong(offset + LedgerMessages.AMOUNT_OFFSET);
        final int template = buffer.getInt(offset + LedgerMessages.TEMPLATE_OFFSET);
        switch (template)
        {
            case LedgerMessages.DEPOSIT -> respond(session, requestId, deposit(account, amount), balance(account));
            case LedgerMessages.TRANSFER -> respond(session, requestId, transfer(account, otherAccount, amount),
                balance(account));
            case LedgerMessages.DIGEST ->
            {
                writeDigestFile(requestId);
                respond(session, requestId, LedgerMessages.RESULT_OK, digest());
            }
            default -> respond(session, requestId, LedgerMessages.RESULT_MALFORMED, 0);
        }
    }

    @Override
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    @Override
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        snapshotBuffer.putInt(LedgerMessages.TEMPLATE_OFFSET, LedgerMessages.SNAPSHOT_BALANCES);
        snapshotBuffer.putLong(SNAPSHOT_TOTAL_OFFSET, totalDeposited);
        int inFragment = 0;
        final Long2LongHashMap.EntryIterator entries = balances.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            final int entryOffset = SNAPSHOT_HEADER_LENGTH + inFragment * SNAPSHOT_ENTRY_LENGTH;
            snapshotBuffer.putLong(entryOffset, entries.getLongKey());
            snapshotBuffer.putLong(entryOffset + 8, entries.getLongValue());
            inFragment++;
            if (inFragment == SNAPSHOT_BALANCES_PER_FRAGMENT)
            {
                offerSnapshotFragment(snapshotPublication, inFragment);
                inFragment = 0;
            }
        }
        offerSnapshotFragment(snapshotPublication, inFragment);
        System.out.println(SNAPSHOT_LINE + " " + balances.size() + " balances at log position " + cluster.logPosition());
    }

    @Override
    public void onRoleChange(final Cluster.Role newRole)
    {
    }

    @Override
    public void onTerminate(final Cluster cluster)
    {
    }

    /**
     * The conservation digest: an order-independent hash of every (account, balance) pair, with the number of accounts
     * and whether the balances add up to the total deposited folded in.
     *
     * @return the digest; equal on every member that applied the same log prefix.
     */
    long digest()
    {
        long sum = 0;
        long hash = 0;
        final Long2LongHashMap.EntryIterator entries = balances.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            sum += entries.getLongValue();
            hash += mix(entries.getLongKey() * 0x9E3779B97F4A7C15L ^ entries.getLongValue());
        }
        final boolean conserved = sum == totalDeposited;
        return conserved ? mix(hash ^ balances.size()) : ~mix(hash ^ balances.size());
    }

    /**
     * @return the sum deposited since the ledger began, which every balance together must equal.
     */
    long totalDeposited()
    {
        return totalDeposited;
    }

    /**
     * @return answers dropped after {@link #RESPONSE_ATTEMPTS_MAX} back-pressured attempts.
     */
    long droppedResponses()
    {
        return droppedResponses;
    }

    private int deposit(final long account, final long amount)
    {
        if (amount <= 0)
        {
            return LedgerMessages.RESULT_MALFORMED;
        }
        balances.put(account, balance(account) + amount);
        totalDeposited += amount;
        return LedgerMessages.RESULT_OK;
    }

    private int transfer(final long from, final long to, final long amount)
    {
        if (amount <= 0 || from == to)
        {
            return LedgerMessages.RESULT_MALFORMED;
        }
        final long fromBalance = balance(from);
        if (fromBalance < amount)
        {
            return LedgerMessages.RESULT_INSUFFICIENT_FUNDS;
        }
        balances.put(from, fromBalance - amount);
        balances.put(to, balance(to) + amount);
        return LedgerMessages.RESULT_OK;
    }

    private long balance(final long account)
    {
        final long balance = balances.get(account);
        return balance == MISSING ? 0 : balance;
    }

    private void respond(final ClientSession session, final long requestId, final int result, final long value)
    {
        LedgerMessages.encodeResponse(responseBuffer, requestId, result, value);
        for (int attempt = 0; attempt < RESPONSE_ATTEMPTS_MAX; attempt++)
        {
            final long position = session.offer(responseBuffer, 0, LedgerMessages.RESPONSE_LENGTH);
            if (position > 0 || position == ClientSession.MOCKED_OFFER)
            {
                return;
            }
            if (position == Publication.NOT_CONNECTED || position == Publication.CLOSED)
            {
                break;
            }
            idleStrategy.idle();
        }
        droppedResponses++;
    }

    private void offerSnapshotFragment(final ExclusivePublication publication, final int entryCount)
    {
        snapshotBuffer.putInt(SNAPSHOT_COUNT_OFFSET, entryCount);
        final int length = SNAPSHOT_HEADER_LENGTH + entryCount * SNAPSHOT_ENTRY_LENGTH;
        idleStrategy.reset();
        while (publication.offer(snapshotBuffer, 0, length) < 0)
        {
            idleStrategy.idle();
        }
    }

    /**
     * Reads one reassembled snapshot message; anything else on the image (the container's own markers) is known by its
     * template and a length that does not match its count, and skipped.
     */
    private void onSnapshotFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < SNAPSHOT_HEADER_LENGTH ||
            buffer.getInt(offset + LedgerMessages.TEMPLATE_OFFSET) != LedgerMessages.SNAPSHOT_BALANCES ||
            length != SNAPSHOT_HEADER_LENGTH + buffer.getInt(offset + SNAPSHOT_COUNT_OFFSET) * SNAPSHOT_ENTRY_LENGTH)
        {
            return;
        }
        totalDeposited = buffer.getLong(offset + SNAPSHOT_TOTAL_OFFSET);
        final int entryCount = buffer.getInt(offset + SNAPSHOT_COUNT_OFFSET);
        for (int i = 0; i < entryCount; i++)
        {
            final int entryOffset = offset + SNAPSHOT_HEADER_LENGTH + i * SNAPSHOT_ENTRY_LENGTH;
            balances.put(buffer.getLong(entryOffset), buffer.getLong(entryOffset + 8));
        }
    }

    private void writeDigestFile(final long requestId)
    {
        final String line = requestId + " " + cluster.logPosition() + " " + balances.size() + " " + totalDeposited + " " +
            Long.toHexString(digest()) + "\n";
        try
        {
            final Path temp = memberDir.resolve(DIGEST_FILE + ".tmp");
            Files.writeString(temp, line, StandardCharsets.US_ASCII);
            Files.move(temp, memberDir.resolve(DIGEST_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the ledger digest in " + memberDir, ex);
        }
    }

    private static long mix(final long value)
    {
        long x = value;
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        x = (x ^ (x >>> 33)) * 0xC4CEB53A87D5A4D3L;
        return x ^ (x >>> 33);
    }
}
