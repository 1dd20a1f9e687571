package io.anthill.engine;

import org.agrona.DirectBuffer;

/**
 * Durable alarms of a partition. They are part of the partition's state: snapshotted, replayed and carried across
 * failover. Due alarms fire in (deadline, id) order as journaled commands, so a replay fires them identically.
 */
public interface Alarms
{
    /**
     * Schedules an alarm, or replaces the one with the same id.
     *
     * @param alarmId        the caller's id, unique within the partition.
     * @param deadlineNs     when it is due, on the primary's clock ({@link Command#timestampNs()}).
     * @param metadata       small metadata handed back when it fires.
     * @param metadataOffset where the metadata starts.
     * @param metadataLength its length, at most {@link #METADATA_LENGTH_MAX}.
     */
    void schedule(long alarmId, long deadlineNs, DirectBuffer metadata, int metadataOffset, int metadataLength);

    /**
     * Moves an alarm to a new deadline, keeping its metadata.
     *
     * @param alarmId    the alarm.
     * @param deadlineNs its new deadline.
     * @return false if no such alarm is scheduled.
     */
    boolean reschedule(long alarmId, long deadlineNs);

    /**
     * Cancels an alarm.
     *
     * @param alarmId the alarm.
     * @return false if no such alarm is scheduled.
     */
    boolean cancel(long alarmId);

    /**
     * @param alarmId the alarm.
     * @return true if it is scheduled and has not fired.
     */
    boolean isScheduled(long alarmId);

    /**
     * Visits the scheduled alarms in (deadline, id) order.
     *
     * @param visitor called once per alarm.
     * @return the number visited.
     */
    int forEach(AlarmVisitor visitor);

    /**
     * @return the number of scheduled alarms.
     */
    int size();

    /**
     * Largest metadata an alarm may carry, in bytes.
     */
    int METADATA_LENGTH_MAX = 64;

    /**
     * Receives alarms from {@link #forEach(AlarmVisitor)}.
     */
    @FunctionalInterface
    interface AlarmVisitor
    {
        /**
         * @param alarmId        the alarm.
         * @param deadlineNs     its deadline.
         * @param metadata       its metadata, valid only during the call.
         * @param metadataOffset where the metadata starts.
         * @param metadataLength its length.
         */
        void onAlarm(long alarmId, long deadlineNs, DirectBuffer metadata, int metadataOffset, int metadataLength);
    }
}
