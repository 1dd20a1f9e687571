package io.anthill.example.trading;

import io.anthill.engine.Alarms;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * GTD expiry through the engine's durable alarms: one alarm per resting GTD order, its id the order id (unique in
 * the partition), its metadata the instrument id. Durable alarms are snapshotted and replayed by the engine, so an
 * order expires at the same point of the log on every replica.
 */
final class ExpiryAlarms
{
    static final int METADATA_LENGTH = Integer.BYTES;

    private final UnsafeBuffer metadata = new UnsafeBuffer(new byte[METADATA_LENGTH]);
    private Alarms alarms;

    void bind(final Alarms alarms)
    {
        if (this.alarms != alarms)
        {
            this.alarms = alarms; // bound once per command: skip the store (and its GC barrier) when unchanged
        }
    }

    void schedule(final Order order)
    {
        metadata.putInt(0, order.instrumentId, ByteOrder.LITTLE_ENDIAN);
        alarms.schedule(order.orderId, order.expireAtNs, metadata, 0, METADATA_LENGTH);
    }

    void cancel(final Order order)
    {
        alarms.cancel(order.orderId);
    }

    /**
     * @return the GTD orders waiting to expire: this state machine schedules no other alarm.
     */
    int count()
    {
        return alarms.size();
    }

    static int instrumentIdOf(final DirectBuffer metadata, final int offset, final int length)
    {
        return length == METADATA_LENGTH ? metadata.getInt(offset, ByteOrder.LITTLE_ENDIAN) : 0;
    }
}
