package io.anthill.replication.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import io.anthill.replication.core.LogEntry;
import io.anthill.replication.core.ReplicaLog;
import org.agrona.DirectBuffer;

/**
 * The simulated disk log of one replica: entries with a CRC32C each, a durable watermark moved by simulated fsyncs,
 * and the disk faults: unsynced entries lost (all or a prefix kept) at a crash, a torn last write, a flipped bit,
 * a full disk. Like the journal, opening after a crash drops a torn tail; unlike the journal it also cuts the log at
 * a corrupt entry in the middle, and the replica then repairs it from peers in recovery.
 */
final class SimLog implements ReplicaLog
{
    /** Thrown by append on a full disk: fatal for the process, as the journal's InternalError is. */
    static final class DiskFullException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        DiskFullException()
        {
            super("disk full");
        }
    }

    private static final class Stored
    {
        final long op;
        final long view;
        final long timestampNs;
        final byte[] body;
        int crc;

        Stored(final long op, final long view, final long timestampNs, final byte[] body)
        {
            this.op = op;
            this.view = view;
            this.timestampNs = timestampNs;
            this.body = body;
            crc = crc(op, view, timestampNs, body);
        }

        boolean intact()
        {
            return crc == crc(op, view, timestampNs, body);
        }
    }

    private final List<Stored> entries = new ArrayList<>();
    /** The op before the first entry held: moved by retention after a snapshot, or by installing one. */
    private long baseOp;
    private long durableOp;
    private boolean diskFull;
    private long appends;
    private boolean lastScanLostDurable;
    private boolean verifyChecksums = true;
    private long lastScanDurableOp;

    static int crc(final long op, final long view, final long timestampNs, final byte[] body)
    {
        final CRC32C crc = new CRC32C();
        final byte[] header = new byte[24];
        putLong(header, 0, op);
        putLong(header, 8, view);
        putLong(header, 16, timestampNs);
        crc.update(header);
        crc.update(body);
        return (int)crc.getValue();
    }

    private static void putLong(final byte[] dst, final int offset, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            dst[offset + i] = (byte)(value >>> (8 * i));
        }
    }

    /**
     * Test only: a deliberately broken log that trusts every entry (the "skip the checksum on replay" defect).
     */
    void verifyChecksums(final boolean verifyChecksums)
    {
        this.verifyChecksums = verifyChecksums;
    }

    private boolean isBad(final Stored stored)
    {
        return verifyChecksums && !stored.intact();
    }

    @Override
    public long firstOp()
    {
        return baseOp + 1;
    }

    @Override
    public long lastOp()
    {
        return baseOp + entries.size();
    }

    private Stored at(final long op)
    {
        if (op <= baseOp || op > lastOp())
        {
            throw new IllegalArgumentException("op " + op + " outside [" + firstOp() + ", " + lastOp() + "]");
        }
        return entries.get((int)(op - baseOp - 1));
    }

    @Override
    public long durableOp()
    {
        return durableOp;
    }

    @Override
    public long viewOf(final long op)
    {
        return at(op).view;
    }

    @Override
    public void append(final long op, final long view, final long timestampNs, final DirectBuffer body, final int offset, final int length)
    {
        if (diskFull)
        {
            throw new DiskFullException();
        }
        if (op != lastOp() + 1 || (op > firstOp() && view < viewOf(op - 1)))
        {
            throw new IllegalArgumentException("append op " + op + " view " + view + " after " + lastOp());
        }
        final byte[] copy = new byte[length];
        body.getBytes(offset, copy);
        entries.add(new Stored(op, view, timestampNs, copy));
        appends++;
    }

    @Override
    public void truncateAfter(final long op)
    {
        if (op < baseOp || op > lastOp())
        {
            throw new IllegalArgumentException("truncateAfter " + op + " outside [" + baseOp + ", " + lastOp() + "]");
        }
        while (lastOp() > op)
        {
            entries.remove(entries.size() - 1);
        }
        durableOp = Math.min(durableOp, op); // the journal forces the truncation marker before returning
    }

    @Override
    public void resetTo(final long op)
    {
        entries.clear();
        baseOp = op;
        durableOp = op;
    }

    /**
     * Retention after a snapshot: drops the entries before op.
     */
    void deleteBefore(final long op)
    {
        while (baseOp + 1 < op && !entries.isEmpty())
        {
            entries.remove(0);
            baseOp++;
        }
        durableOp = Math.max(durableOp, baseOp); // what the snapshot covers no longer needs the log's durability
    }

    @Override
    public ReadResult read(final long op, final LogEntry into)
    {
        if (op < firstOp() || op > lastOp())
        {
            return ReadResult.ABSENT;
        }
        final Stored stored = at(op);
        if (isBad(stored))
        {
            return ReadResult.CORRUPT;
        }
        into.set(stored.op, stored.view, stored.timestampNs, stored.body.length);
        into.body().putBytes(0, stored.body);
        return ReadResult.OK;
    }

    /**
     * @return the body of a committed entry for the state machine, or null when absent or corrupt.
     */
    byte[] bodyOf(final long op)
    {
        if (op < firstOp() || op > lastOp())
        {
            return null;
        }
        final Stored stored = at(op);
        return isBad(stored) ? null : stored.body;
    }

    /**
     * @return true if the last {@link #openAndScan()} cut entries that had been durable (not just a torn tail).
     */
    boolean lastScanLostDurable()
    {
        return lastScanLostDurable;
    }

    /**
     * @return true if the last scan cut durable entries above op (a snapshot covers those below).
     */
    boolean lastScanLostDurableAbove(final long op)
    {
        return lastScanLostDurable && lastScanDurableOp > op;
    }

    int crcOf(final long op)
    {
        return at(op).crc;
    }

    long appends()
    {
        return appends;
    }

    /**
     * A completed fsync: everything appended so far is durable.
     *
     * @return true if the durable op moved.
     */
    boolean sync()
    {
        if (durableOp == lastOp())
        {
            return false;
        }
        durableOp = lastOp();
        return true;
    }

    void diskFull(final boolean diskFull)
    {
        this.diskFull = diskFull;
    }

    boolean isDiskFull()
    {
        return diskFull;
    }

    /**
     * A process crash (and possibly power loss): unsynced entries survive only as a random prefix, and the last
     * surviving write may be torn.
     *
     * @return a description of the damage, for the fault schedule.
     */
    String crash(final SplittableRandom random, final boolean tornWrites)
    {
        final long unsynced = lastOp() - durableOp;
        final long kept = unsynced == 0 ? 0 : random.nextLong(unsynced + 1);
        while (lastOp() > durableOp + kept)
        {
            entries.remove(entries.size() - 1);
        }
        String damage = "kept " + kept + "/" + unsynced + " unsynced";
        if (tornWrites && kept > 0 && random.nextInt(3) == 0)
        {
            final Stored last = entries.get(entries.size() - 1);
            if (last.body.length > 0)
            {
                last.body[random.nextInt(last.body.length)] ^= 0x5A;
            }
            else
            {
                last.crc ^= 1;
            }
            damage += ", torn last write at op " + last.op;
        }
        diskFull = false;
        return damage;
    }

    /**
     * Flips one bit in a random entry (a latent sector error); the CRC32C detects it on read.
     *
     * @return the op damaged, or 0 if the log is empty.
     */
    long flipBit(final SplittableRandom random)
    {
        if (entries.isEmpty())
        {
            return 0;
        }
        final Stored victim = entries.get(random.nextInt(entries.size()));
        if (victim.body.length == 0)
        {
            victim.crc ^= 1;
        }
        else
        {
            victim.body[random.nextInt(victim.body.length)] ^= (byte)(1 << random.nextInt(8));
        }
        return victim.op;
    }

    /**
     * Opening after a restart: scans every entry, cuts the log at the first one that fails its CRC (a torn tail or
     * a flipped bit) and counts everything left as durable.
     *
     * @return the first bad op cut, or 0.
     */
    long openAndScan()
    {
        long bad = 0;
        lastScanLostDurable = false;
        lastScanDurableOp = durableOp;
        for (int i = 0; i < entries.size(); i++)
        {
            if (isBad(entries.get(i)))
            {
                bad = baseOp + i + 1;
                lastScanLostDurable = bad <= durableOp;
                while (entries.size() > i)
                {
                    entries.remove(entries.size() - 1);
                }
                break;
            }
        }
        durableOp = lastOp();
        return bad;
    }
}
