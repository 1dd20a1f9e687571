package io.anthill.replication.core;

/**
 * The answer to a planned hand-over request ({@link Replica#stepDown(long)}, and the node's {@code stepDown}): an
 * expected outcome, so a typed result rather than an exception. Only the NORMAL primary of a view can step down; every
 * other answer tells the operator's tool what to do instead.
 */
public enum StepDownResult
{
    /** The primary stopped taking new entries; it hands over to the next replica once what it prepared commits. */
    STARTED,
    /** A step-down of this primary is already under way: nothing more to do. */
    IN_PROGRESS,
    /** This replica is a follower: ask the primary of the view (the node that reports itself primary). */
    NOT_PRIMARY,
    /** A view change or recovery is in progress: there is no primary to step down yet; retry later. */
    NOT_NORMAL,
    /** The group has one replica: there is no other to hand over to. */
    SINGLE_REPLICA,
    /** Node level only: the node hosts no replica of the partition. */
    NOT_HOSTED,
    /** Node level only: the node's control queue to its replication thread is full; retry later. */
    BUSY
}
