package io.anthill.journal;

import java.util.List;

/**
 * A verified snapshot read into the caller's buffer, so that restoring state allocates no buffer of its own.
 *
 * @param info           the snapshot's header.
 * @param stateOffset    where the state bytes start in the buffer passed to the load.
 * @param stateLength    how many state bytes there are.
 * @param skippedCorrupt newer snapshots that failed verification and were skipped, each naming its file and why;
 *                       empty when the newest snapshot was valid. The caller logs them once.
 */
public record LoadedSnapshot(SnapshotInfo info, int stateOffset, int stateLength, List<String> skippedCorrupt)
{
}
