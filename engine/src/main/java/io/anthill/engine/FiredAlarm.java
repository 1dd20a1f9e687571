package io.anthill.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A copy of one alarm taken out of the table as it fires, reused for every firing.
 */
final class FiredAlarm
{
    final UnsafeBuffer metadata = new UnsafeBuffer(new byte[Alarms.METADATA_LENGTH_MAX]);
    long alarmId;
    long deadlineNs;
    int metadataLength;

    void set(
        final long alarmId, final long deadlineNs, final DirectBuffer source, final int offset, final int length)
    {
        this.alarmId = alarmId;
        this.deadlineNs = deadlineNs;
        this.metadataLength = length;
        if (length > 0)
        {
            metadata.putBytes(0, source, offset, length);
        }
    }
}
