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
    private long durableOp;
    private boolean diskFull;
    private long appends;
    private boolean lastScanLostDurable;

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

    @Override
    public long firstOp()
    {
        return 1;
    }

    @Override
    public long lastOp()
    {
        return entries.size();
    }

    @Override
    public long durableOp()
    {
        return durableOp;
    }

    @Override
    public long viewOf(final long op)
    {
        return entries.get((int)op - 1).view;
    }

    @Override
    public void append(final long op, final long view, final long timestampNs, final DirectBuffer body, final int offset, final int length)
    {
        if (diskFull)
        {
            throw new DiskFullException();
        }
        if (op != lastOp() + 1 || (op > 1 && view < viewOf(op - 1)))
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
        if (op < 0 || op > lastOp())
        {
            throw new IllegalArgumentException("truncateAfter " + op + " outside [0, " + lastOp() + "]");
        }
        while (entries.size() > op)
        {
            entries.remove(entries.size() - 1);
        }
        durableOp = Math.min(durableOp, op); // the journal forces the truncation marker before returning
    }

    @Override
    public ReadResult read(final long op, final LogEntry into)
    {
        if (op < 1 || op > lastOp())
        {
            return ReadResult.ABSENT;
        }
        final Stored stored = entries.get((int)op - 1);
        if (!stored.intact())
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
        if (op < 1 || op > lastOp())
        {
            return null;
        }
        final Stored stored = entries.get((int)op - 1);
        return stored.intact() ? stored.body : null;
    }

    /**
     * @return true if the last {@link #openAndScan()} cut entries that had been durable (not just a torn tail).
     */
    boolean lastScanLostDurable()
    {
        return lastScanLostDurable;
    }

    int crcOf(final long op)
    {
        return entries.get((int)op - 1).crc;
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
        while (entries.size() > durableOp + kept)
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
        for (int i = 0; i < entries.size(); i++)
        {
            if (!entries.get(i).intact())
            {
                bad = i + 1;
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
