package io.anthill.replication.core;

/**
 * The status of a replica in Viewstamped Replication Revisited. One enum so that every transition goes through
 * one method ({@code ReplicaState#transition}) and is counted, as Aeron's election does.
 */
public enum ReplicaStatus
{
    /** Serving the view: the primary orders entries, followers append them. */
    NORMAL,
    /** Electing or installing the log of a newer view; nothing is appended for clients. */
    VIEW_CHANGE,
    /** Restarted: its log may miss what it acknowledged, so it neither votes nor acknowledges until caught up. */
    RECOVERING
}
