package io.anthill.replication.core;

import org.agrona.DirectBuffer;

/**
 * Outbound port: the replica's log, dense ops from 1. The engine's adapter implements it over the journal
 * (Journal.append, endBatch/durableOp, truncateAfter, reader); the simulator over an in-memory log with injected
 * disk faults. The core appends entries, truncates a suffix that a newer view replaced, and reads entries back to
 * send them; it acknowledges an entry to the primary only once {@link #durableOp()} covers it.
 */
public interface ReplicaLog
{
    /**
     * What a read found.
     */
    enum ReadResult
    {
        /** The entry was copied into the holder. */
        OK,
        /** The op is not in the log (below firstOp or above lastOp). */
        ABSENT,
        /** The entry failed its checksum: the log must be repaired from peers. */
        CORRUPT
    }

    /**
     * @return the first op still held, or lastOp() + 1 when empty.
     */
    long firstOp();

    /**
     * @return the last op held; 0 when empty.
     */
    long lastOp();

    /**
     * @return the last op known to be on stable storage; the core calls {@link Replica#onDurable()} when it moves.
     */
    long durableOp();

    /**
     * @param op an op from firstOp() to lastOp().
     * @return the view in which that entry was first assigned.
     */
    long viewOf(long op);

    /**
     * Appends one entry; durable later, by the log's durability policy.
     *
     * @param op          lastOp() + 1.
     * @param view        the entry's view, never older than viewOf(lastOp()).
     * @param timestampNs the primary's time stamp.
     * @param body        the opaque body.
     * @param offset      where it starts.
     * @param length      its length.
     */
    void append(long op, long view, long timestampNs, DirectBuffer body, int offset, int length);

    /**
     * Removes every entry after op, durably (the journal forces a marker), before returning.
     *
     * @param op the last op that survives.
     */
    void truncateAfter(long op);

    /**
     * Empties the log after a snapshot covering every op up to op was installed: firstOp() becomes op + 1, lastOp()
     * and durableOp() become op. Durable on return.
     *
     * @param op the snapshot's op.
     */
    void resetTo(long op);

    /**
     * Copies one entry into a holder.
     *
     * @param op   the op to read.
     * @param into the holder.
     * @return whether it was read, absent or corrupt.
     */
    ReadResult read(long op, LogEntry into);
}
