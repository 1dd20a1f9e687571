package io.anthill.journal;

import java.nio.file.Path;

/**
 * One snapshot file as its header describes it. {@link SnapshotStore#list()} returns these without verifying the
 * checksum (listing must stay cheap); {@link SnapshotStore#load(long, org.agrona.ExpandableArrayBuffer)} verifies.
 *
 * @param partitionId        the partition whose state the snapshot holds; -1 when the header could not be read.
 * @param view               the view of the op the snapshot was taken at; -1 when the header could not be read.
 * @param op                 the last op applied to the state: replay resumes at op + 1.
 * @param timestampNs        the primary's time stamp of that op; -1 when the header could not be read.
 * @param stateFormatVersion the state machine's own encoding version; -1 when the header could not be read.
 * @param stateLength        bytes of state after the header; -1 when the header could not be read.
 * @param file               the snapshot file.
 */
public record SnapshotInfo(
    int partitionId, long view, long op, long timestampNs, int stateFormatVersion, long stateLength, Path file)
{
}
